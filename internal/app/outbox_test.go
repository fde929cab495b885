package app_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"confidant/internal/access"
	"confidant/internal/app"
	"confidant/internal/app/apptest"
	"confidant/internal/app/core"
	"confidant/internal/app/delivery"
	"confidant/internal/fault"
	"confidant/internal/mail"
	"confidant/internal/mail/mailtest"
	"confidant/internal/store"
	"confidant/internal/vault"

	_ "github.com/mattn/go-sqlite3"
)

// What the tests send: distinctive strings to look for on disk and in logs.
const (
	mailTo       = "rowan.survivor@example.net"
	mailSubject  = "You have a new message"
	mailText     = "Hello,\n\nA distinctive-body-phrase that must never be on disk in clear.\n"
	relayUser    = "relay-user"
	relayPass    = "relay-secret-pw-4471"
	testPassword = apptest.Password
)

// syncBuffer collects log output from the worker's goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type mailEnv struct {
	t     *testing.T
	dir   string
	app   *app.App
	admin access.Actor
	smtp  *mailtest.Server
	out   *delivery.Outbox
	log   *syncBuffer
	// passes is what the worker reported after each pass over the outbox:
	// the tests wait on it, never on the clock.
	passes *mailtest.Passes
}

// newMailEnv is a real vault in a temporary directory with a relay that
// wants a password, saved through the settings page's code, and an outbox
// on a millisecond schedule (not started), watched.
func newMailEnv(t *testing.T) *mailEnv {
	t.Helper()
	ctx := context.Background()
	dir := apptest.Init(t, vault.Classic)
	a, err := app.Open(ctx, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	a.SetPasswordParams(apptest.FastParams)
	t.Cleanup(func() { a.Close() })
	e := &mailEnv{t: t, dir: dir, app: a, admin: core.Actor(apptest.Staff(t, a, apptest.AdminEmail)), log: &syncBuffer{}}
	e.smtp = mailtest.NewServerWith(t, mailtest.Options{Username: relayUser, Password: relayPass})
	e.out = a.Delivery.NewOutbox(slog.New(slog.NewTextHandler(e.log, &slog.HandlerOptions{Level: slog.LevelDebug})))
	e.out.Worker.Backoff = mail.Backoff{First: 20 * time.Millisecond, Max: 80 * time.Millisecond, GiveUp: time.Minute}
	e.out.Worker.Poll = time.Hour // only a wake or a due retry moves it
	e.passes = mailtest.Watch(t, e.out.Worker)
	a.SetMailer(e.out)
	t.Cleanup(func() {
		for _, s := range []string{mailTo, "distinctive-body-phrase", relayPass} {
			if strings.Contains(e.log.String(), s) {
				t.Errorf("the log holds %q:\n%s", s, e.log.String())
			}
		}
	})
	return e
}

func (e *mailEnv) configure() {
	e.t.Helper()
	c := e.smtp.Config()
	rel, err := e.app.Delivery.Relay(context.Background(), e.admin)
	if err != nil {
		e.t.Fatal(err)
	}
	f := delivery.SMTPForm{Host: c.Host, Port: strconv.Itoa(c.Port), Security: string(c.Security), Username: relayUser, Password: relayPass,
		From: "Service <noreply@example.org>", Version: rel.Form().Version}
	if err := e.app.Delivery.SaveSMTPSettings(context.Background(), e.admin, f); err != nil {
		e.t.Fatal(err)
	}
}

func (e *mailEnv) start() {
	e.t.Helper()
	stop := e.out.Start(context.Background())
	e.t.Cleanup(stop)
}

func (e *mailEnv) queue() string {
	e.t.Helper()
	id, err := e.app.Core().QueueEmail(context.Background(), core.Email{To: mailTo, Subject: mailSubject, Text: mailText, Purpose: "test"}, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

// settled waits until the worker has finished with the message (sent, or
// failed for good) and then found nothing more to do, and returns the
// message's status as recorded. After it, the relay has all it will get:
// the worker sends nothing more until something new is queued.
func (e *mailEnv) settled(id string) store.OutboxStatus {
	e.t.Helper()
	e.passes.Settled(id)
	s, err := e.app.Core().EmailStatus(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

// arrived returns what the relay received, failing unless it is exactly n
// messages.
func (e *mailEnv) arrived(n int) []mailtest.Received {
	e.t.Helper()
	msgs := e.smtp.Messages()
	if len(msgs) != n {
		e.t.Fatalf("%d message(s) arrived, want exactly %d", len(msgs), n)
	}
	return msgs
}

// sql opens the database file directly, as an attacker with a copy would.
func (e *mailEnv) sql() *sql.DB {
	e.t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(e.dir, store.DBFile)+"?_busy_timeout=5000")
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { db.Close() })
	return db
}

func TestQueuedEmailArrivesWithItsHeadersAndBody(t *testing.T) {
	e := newMailEnv(t)
	e.configure()
	e.start()
	id := e.queue() // the worker sleeps for an hour unless woken
	st := e.settled(id)
	got := e.arrived(1)[0]

	if got.From != "noreply@example.org" || len(got.To) != 1 || got.To[0] != mailTo {
		t.Fatalf("envelope: %q → %q", got.From, got.To)
	}
	h := got.Header
	for k, v := range map[string]string{
		"From": `"Service" <noreply@example.org>`, "To": mailTo, "Subject": mailSubject, "Message-Id": st.MessageID,
		"Mime-Version": "1.0", "Content-Type": "text/plain; charset=utf-8",
	} {
		if h.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, h.Get(k), v)
		}
	}
	if !strings.HasSuffix(st.MessageID, "@example.org>") {
		t.Errorf("Message-ID %q is not from the From domain", st.MessageID)
	}
	if strings.ReplaceAll(got.Body, "\r\n", "\n") != mailText {
		t.Errorf("body %q", got.Body)
	}
	if st.Attempts != 1 || st.SentAt.IsZero() || st.LastError != "" || st.Purpose != "test" {
		t.Errorf("status %+v", st)
	}
	var enc []byte
	if err := e.sql().QueryRow(`SELECT message_enc FROM outbox WHERE id = ?`, id).Scan(&enc); err != nil || enc != nil {
		t.Errorf("the sealed message is kept after sending (%v)", err)
	}
}

func TestOutageThenRecoveryDeliversOnce(t *testing.T) {
	e := newMailEnv(t)
	e.configure()
	e.smtp.Stop()
	e.start()
	id := e.queue()
	e.passes.Wait("two failed attempts", func(_ mail.Pass, seen []mail.Outcome) bool {
		n := 0
		for _, o := range seen {
			if o.ID == id && o.Result == "retry" && o.Class == "network: cannot connect" {
				n++
			}
		}
		return n >= 2
	})
	e.smtp.Start()
	st := e.settled(id)
	e.arrived(1)
	if st.Status != store.OutboxSent || st.Attempts < 3 {
		t.Fatalf("status %+v", st)
	}
}

func TestTemporaryRefusalIsRetriedAndDeliveredOnce(t *testing.T) {
	e := newMailEnv(t)
	e.configure()
	e.smtp.Reject("data", 421, 2)
	e.start()
	id := e.queue()
	st := e.settled(id)
	msgs := e.arrived(1)
	if st.Status != store.OutboxSent || st.Attempts != 3 {
		t.Fatalf("status %+v, want sent after 3 attempts", st)
	}
	if msgs[0].Header.Get("Message-Id") != st.MessageID {
		t.Fatal("the Message-ID changed between attempts")
	}
}

func TestPermanentRefusalFailsWithoutRetry(t *testing.T) {
	e := newMailEnv(t)
	e.configure()
	e.smtp.Reject("rcpt", 550, 1)
	e.start()
	id := e.queue()
	st := e.settled(id)
	if st.LastError != "permanent: 550 5.0.0" || st.Attempts != 1 || st.Status != store.OutboxFailed {
		t.Fatalf("status %+v", st)
	}
	if e.smtp.Sessions() != 1 || len(e.smtp.Messages()) != 0 {
		t.Fatalf("%d sessions, %d messages: retried after a permanent refusal", e.smtp.Sessions(), len(e.smtp.Messages()))
	}
	var enc []byte
	if err := e.sql().QueryRow(`SELECT message_enc FROM outbox WHERE id = ?`, id).Scan(&enc); err != nil || enc != nil {
		t.Errorf("the sealed message is kept after failing (%v)", err)
	}
}

func TestGivesUpAfterTheRetryWindow(t *testing.T) {
	e := newMailEnv(t)
	e.configure()
	e.smtp.Stop()
	// The worker's clock jumps past the retry window (a minute, here)
	// once the first attempt has failed and been retried, however slow
	// the machine: the window is measured by that clock, not the test's.
	var ahead atomic.Int64
	appNow := e.out.Worker.Now
	e.out.Worker.Now = func() time.Time { return appNow().Add(time.Duration(ahead.Load())) }
	e.start()
	id := e.queue()
	e.passes.Wait("a retry", func(_ mail.Pass, seen []mail.Outcome) bool {
		return len(seen) > 0 && seen[0].Result == "retry"
	})
	ahead.Store(int64(e.out.Worker.Backoff.GiveUp))
	st := e.settled(id)
	if st.Status != store.OutboxFailed || st.LastError != "gave up: network: cannot connect" || st.Attempts < 2 {
		t.Fatalf("status %+v", st)
	}
}

// A crash between the relay accepting a message and the outbox recording
// it: the row is still "sending". At the next start the worker sends it
// again, with the same Message-ID, and records it.
func TestCrashAfterRelayAcceptedResendsWithTheSameMessageID(t *testing.T) {
	e := newMailEnv(t)
	e.configure()
	ctx := context.Background()
	id := e.queue()

	// The first run: claim (committed "sending"), send, and die before
	// recording.
	job, ok, err := e.app.Store().ClaimOutbox(ctx, time.Now())
	if err != nil || !ok || job.ID != id {
		t.Fatalf("claim: %v %v %+v", ok, err, job)
	}
	m, err := e.app.Core().OpenEmail(job.Sealed)
	if err != nil {
		t.Fatal(err)
	}
	m.MessageID = job.MessageID
	cfg, err := e.out.Worker.Config(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := mail.Send(ctx, cfg, m); err != nil {
		t.Fatal(err)
	}
	e.arrived(1)

	// The row as the crash left it, made "sending" by hand as well, as a
	// kill -9 would leave it whichever path got it there.
	if _, err := e.sql().Exec(`UPDATE outbox SET status = 'sending' WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	e.start()
	st := e.settled(id)
	msgs := e.arrived(2)
	if msgs[0].Header.Get("Message-Id") != job.MessageID || msgs[1].Header.Get("Message-Id") != job.MessageID {
		t.Fatalf("Message-IDs %q and %q, want both %q", msgs[0].Header.Get("Message-Id"), msgs[1].Header.Get("Message-Id"), job.MessageID)
	}
	if st.Status != store.OutboxSent || st.Attempts != 2 {
		t.Fatalf("status %+v", st)
	}
}

func TestMessagesWaitForARelayThenGoWhenOneIsSaved(t *testing.T) {
	e := newMailEnv(t)
	e.start()
	id := e.queue()
	// The worker found the message due and stopped for want of a relay,
	// without trying it.
	e.passes.Wait("the worker waiting for a relay", func(p mail.Pass, seen []mail.Outcome) bool {
		return errors.Is(p.Err, mail.ErrNotConfigured) && len(seen) == 0
	})
	if st, _ := e.app.Core().EmailStatus(context.Background(), id); st.Status != store.OutboxPending || st.Attempts != 0 {
		t.Fatalf("without a relay: %+v", st)
	}
	e.configure() // saving wakes the worker
	st := e.settled(id)
	e.arrived(1)
	if st.Status != store.OutboxSent || !strings.HasSuffix(st.MessageID, "@"+mail.InvalidDomain+">") {
		t.Fatalf("Message-ID %q: queued before a From address existed, it keeps its first domain", st.MessageID)
	}
}

func TestHeaderInjectionIsRefusedWhenQueueing(t *testing.T) {
	e := newMailEnv(t)
	ctx := context.Background()
	for _, em := range []core.Email{
		{To: mailTo + "\r\nBcc: spy@example.com", Subject: mailSubject, Text: mailText},
		{To: mailTo, Subject: mailSubject + "\r\nBcc: spy@example.com", Text: mailText},
		{To: mailTo, Subject: mailSubject + "\nX-Leak: yes", Text: mailText},
		{To: mailTo + ", spy@example.com", Subject: mailSubject, Text: mailText},
		{To: "not an address", Subject: mailSubject, Text: mailText},
		{To: mailTo, Subject: "", Text: mailText},
		{To: mailTo, Subject: mailSubject, Text: mailText, Purpose: "Rowan Survivor"},
		{To: mailTo, Subject: mailSubject, Text: mailText, Ref: mailTo},
	} {
		if _, err := e.app.Core().QueueEmail(ctx, em, nil); !errors.Is(err, core.ErrBadEmail) {
			t.Errorf("%q / %q queued: %v", em.To, em.Subject, err)
		}
	}
	if sum, err := e.app.Store().OutboxSummary(ctx); err != nil || sum.Pending+sum.Failed != 0 {
		t.Fatalf("queued anyway: %+v %v", sum, err)
	}
}

// Nothing personal is on disk in clear: not the recipient, the subject,
// the body or the relay's password, while the message waits or after it
// went.
func TestNothingPersonalInTheDataDirectory(t *testing.T) {
	e := newMailEnv(t)
	e.configure()
	ctx := context.Background()
	subject := "Distinctive-subject-words"
	id, err := e.app.Core().QueueEmail(ctx, core.Email{To: mailTo, Subject: subject, Text: mailText}, nil)
	if err != nil {
		t.Fatal(err)
	}
	secrets := []string{mailTo, "rowan.survivor", subject, "distinctive-body-phrase", relayPass}
	scan := func(when string) {
		t.Helper()
		control := false // the From address is stored in clear: proof the scan sees the data
		err := filepath.WalkDir(e.dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			control = control || bytes.Contains(b, []byte("noreply@example.org"))
			for _, s := range secrets {
				if bytes.Contains(b, []byte(s)) {
					t.Errorf("%s: %s holds %q in clear", when, filepath.Base(path), s)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !control {
			t.Fatalf("%s: the scan did not find the From address, so it proves nothing", when)
		}
	}
	scan("queued")
	e.start()
	if st := e.settled(id); st.Status != store.OutboxSent {
		t.Fatalf("status %+v", st)
	}
	e.arrived(1)
	scan("sent")
}

func TestKeyRotationKeepsQueuedMailAndTheRelayPasswordReadable(t *testing.T) {
	e := newMailEnv(t)
	e.configure()
	ctx := context.Background()
	id := e.queue()
	if _, err := e.app.Vault.RotateVaultKey(ctx, apptest.Staff(e.t, e.app, apptest.AdminEmail), testPassword); err != nil {
		t.Fatal(err)
	}
	e.start()
	// The relay wants the password: it was opened with the new key.
	if st := e.settled(id); st.Status != store.OutboxSent {
		t.Fatalf("status %+v", st)
	}
	e.arrived(1)
}

func TestStopEndsTheWorker(t *testing.T) {
	e := newMailEnv(t)
	e.configure()
	stop := e.out.Start(context.Background())
	done := make(chan struct{})
	go func() { stop(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("the worker did not stop")
	}
}

func TestSMTPSettingsAreForAdminsAndKeepThePasswordSealed(t *testing.T) {
	e := newMailEnv(t)
	ctx := context.Background()
	counsellor := access.Actor{UserID: "someone", Roles: access.RolesOf(access.Counsellor, access.Lead)}
	if _, err := e.app.Delivery.Relay(ctx, counsellor); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("a non-admin read the settings: %v", err)
	}
	if _, err := e.app.Delivery.OutboxSummary(ctx, counsellor); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("a non-admin read the outbox: %v", err)
	}
	if err := e.app.Delivery.SaveSMTPSettings(ctx, counsellor, delivery.SMTPForm{}); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("a non-admin saved the settings: %v", err)
	}
	if _, err := e.app.Delivery.SendTestEmail(ctx, counsellor, mailTo); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("a non-admin sent a test: %v", err)
	}
	e.configure()

	// Saving again with the password left blank keeps it.
	p, _ := e.app.Delivery.Relay(ctx, e.admin)
	if !p.HasPassword || p.Form().Password != "" || !p.Configured() {
		t.Fatalf("relay %+v", p)
	}
	f := p.Form()
	f.Port = ""
	f.Security = "starttls"
	if err := e.app.Delivery.SaveSMTPSettings(ctx, e.admin, f); err != nil {
		t.Fatal(err)
	}
	c, err := e.out.Worker.Config(ctx)
	if err != nil || c.Password != relayPass || c.Port != 587 || c.Security != mail.StartTLS {
		t.Fatalf("config %+v %v", c, err)
	}
	// A stale form is refused.
	if err := e.app.Delivery.SaveSMTPSettings(ctx, e.admin, f); !errors.Is(err, core.ErrSettingsChanged) {
		t.Fatalf("stale save: %v", err)
	}
	// A password in the clear to another machine is refused.
	p, _ = e.app.Delivery.Relay(ctx, e.admin)
	f = p.Form()
	f.Host, f.Security, f.Port = "smtp.example.org", "none", "25"
	var fe core.FieldErrors
	if err := e.app.Delivery.SaveSMTPSettings(ctx, e.admin, f); !asFields(err, &fe) || fe["security"] == "" {
		t.Fatalf("clear-text password accepted: %v", err)
	}
	// No user name: no password kept.
	f.Username, f.Security = "", "tls"
	if err := e.app.Delivery.SaveSMTPSettings(ctx, e.admin, f); err != nil {
		t.Fatal(err)
	}
	if p, _ = e.app.Delivery.Relay(ctx, e.admin); p.HasPassword {
		t.Fatal("the password outlived its user name")
	}
	es, err := e.app.Store().ListAudit(ctx, store.AuditFilter{Event: "smtp.change"})
	if err != nil || len(es) != 3 {
		t.Fatalf("audit: %d entries (%v)", len(es), err)
	}
	for _, en := range es {
		if strings.Contains(en.Detail, relayPass) || strings.Contains(en.Detail, "example.org") {
			t.Fatalf("audit detail holds a value: %q", en.Detail)
		}
	}
	if es[0].Detail != "changed=host,port,security,username,password removed" {
		t.Errorf("detail %q", es[0].Detail)
	}
}

func TestTestEmailIsQueuedNeutrallyAndAudited(t *testing.T) {
	e := newMailEnv(t)
	ctx := context.Background()
	// No relay yet is a step not possible now (Conflict), not a wrong
	// address; an injected address is Invalid.
	if _, err := e.app.Delivery.SendTestEmail(ctx, e.admin, mailTo); fault.CodeOf(err) != fault.Conflict || fault.FieldsOf(err)["test_to"] == "" {
		t.Fatalf("a test email with no relay set: %q %v", fault.CodeOf(err), err)
	}
	e.configure()
	if _, err := e.app.Delivery.SendTestEmail(ctx, e.admin, "a@b.c\r\nBcc: x@y.z"); fault.CodeOf(err) != fault.Invalid {
		t.Fatalf("an injected address: %q %v", fault.CodeOf(err), err)
	}
	e.start()
	id, err := e.app.Delivery.SendTestEmail(ctx, e.admin, mailTo)
	if err != nil {
		t.Fatal(err)
	}
	st := e.settled(id)
	got := e.arrived(1)[0]
	if got.Header.Get("Subject") != "Test message" || !strings.Contains(got.Body, "test message") {
		t.Fatalf("test email: %q %q", got.Header.Get("Subject"), got.Body)
	}
	if st.Status != store.OutboxSent || st.Purpose != "smtp.test" {
		t.Fatalf("status %+v", st)
	}
	es, _ := e.app.Store().ListAudit(ctx, store.AuditFilter{Event: "smtp.test"})
	if len(es) != 1 || es[0].Subject != id || es[0].ActorID != e.admin.UserID {
		t.Fatalf("audit %+v", es)
	}
}

// The relay's opened password leaves the delivery service only through the
// outbox's worker: no exported method of the service (which the web holds)
// hands out a mail.Config.
func TestNoDeliveryMethodHandsOutTheRelayConfig(t *testing.T) {
	cfg := reflect.TypeOf(mail.Config{})
	svc := reflect.TypeOf(&delivery.Service{})
	for i := range svc.NumMethod() {
		m := svc.Method(i)
		for j := range m.Type.NumOut() {
			if m.Type.Out(j) == cfg {
				t.Errorf("delivery.Service.%s returns the relay's config, password opened, to any caller", m.Name)
			}
		}
	}
}
