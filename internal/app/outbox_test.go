package app

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"confidant/internal/access"
	"confidant/internal/app/admin"
	"confidant/internal/app/core"
	"confidant/internal/app/delivery"
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
	testPassword = "plum kettle orbit seven"
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
	app   *App
	admin access.Actor
	smtp  *mailtest.Server
	out   *delivery.Outbox
	log   *syncBuffer
}

// newMailEnv is a real vault in a temporary directory with a relay that
// wants a password, saved through the settings page's code, and an outbox
// on a millisecond schedule (not started).
func newMailEnv(t *testing.T) *mailEnv {
	t.Helper()
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	if _, err := Init(ctx, InitOptions{Dir: dir, AdminEmail: "admin@example.org", AdminPass: testPassword, KeyType: vault.Classic, Params: benchParams}); err != nil {
		t.Fatal(err)
	}
	a, err := Open(ctx, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	a.SetPasswordParams(benchParams)
	t.Cleanup(func() { a.Close() })
	u, err := a.Store().UserByEmail(ctx, "admin@example.org")
	if err != nil {
		t.Fatal(err)
	}
	e := &mailEnv{t: t, dir: dir, app: a, admin: core.Actor(u), log: &syncBuffer{}}
	e.smtp = mailtest.NewServerWith(t, mailtest.Options{Username: relayUser, Password: relayPass})
	e.out = a.Delivery.NewOutbox(slog.New(slog.NewTextHandler(e.log, &slog.HandlerOptions{Level: slog.LevelDebug})))
	e.out.Worker.Backoff = mail.Backoff{First: 20 * time.Millisecond, Max: 80 * time.Millisecond, GiveUp: time.Minute}
	e.out.Worker.Poll = time.Hour // only a wake or a due retry moves it
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
	p, err := e.app.Delivery.SMTPSettingsPage(context.Background(), e.admin)
	if err != nil {
		e.t.Fatal(err)
	}
	f := delivery.SMTPForm{Host: c.Host, Port: strconv.Itoa(c.Port), Security: string(c.Security), Username: relayUser, Password: relayPass,
		From: "Service <noreply@example.org>", Version: p.Form.Version}
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
	id, err := e.app.core.QueueEmail(context.Background(), core.Email{To: mailTo, Subject: mailSubject, Text: mailText, Purpose: "test"}, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

// waitFor polls the outbox until cond holds for the message.
func (e *mailEnv) waitFor(id string, what string, cond func(store.OutboxStatus) bool) store.OutboxStatus {
	e.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s, err := e.app.core.EmailStatus(context.Background(), id)
		if err != nil {
			e.t.Fatal(err)
		}
		if cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("waiting for %s: %+v", what, s)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (e *mailEnv) waitStatus(id, status string) store.OutboxStatus {
	e.t.Helper()
	return e.waitFor(id, status, func(s store.OutboxStatus) bool { return s.Status == status })
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
	got := e.smtp.Wait(1, 5*time.Second)[0]
	st := e.waitStatus(id, store.OutboxSent)

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
	if st.Attempts != 1 || st.SentAt == nil || st.LastError != "" || st.Purpose != "test" {
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
	e.waitFor(id, "two failed attempts", func(s store.OutboxStatus) bool {
		return s.Status == store.OutboxPending && s.Attempts >= 2 && s.LastError == "network: cannot connect"
	})
	e.smtp.Start()
	e.smtp.Wait(1, 5*time.Second)
	st := e.waitStatus(id, store.OutboxSent)
	time.Sleep(150 * time.Millisecond) // several retry periods
	if n := len(e.smtp.Messages()); n != 1 {
		t.Fatalf("%d copies arrived, want 1", n)
	}
	if st.Attempts < 3 {
		t.Fatalf("attempts %d", st.Attempts)
	}
}

func TestTemporaryRefusalIsRetriedAndDeliveredOnce(t *testing.T) {
	e := newMailEnv(t)
	e.configure()
	e.smtp.Reject("data", 421, 2)
	e.start()
	id := e.queue()
	e.smtp.Wait(1, 5*time.Second)
	st := e.waitStatus(id, store.OutboxSent)
	time.Sleep(150 * time.Millisecond)
	if n := len(e.smtp.Messages()); n != 1 || st.Attempts != 3 {
		t.Fatalf("%d copies after %d attempts, want 1 after 3", n, st.Attempts)
	}
	msgs := e.smtp.Messages()
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
	st := e.waitStatus(id, store.OutboxFailed)
	time.Sleep(150 * time.Millisecond)
	st2, _ := e.app.core.EmailStatus(context.Background(), id)
	if st.LastError != "permanent: 550 5.0.0" || st2.Attempts != 1 || st2.Status != store.OutboxFailed {
		t.Fatalf("status %+v", st2)
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
	e.out.Worker.Backoff.GiveUp = 100 * time.Millisecond
	e.start()
	id := e.queue()
	st := e.waitStatus(id, store.OutboxFailed)
	if st.LastError != "gave up: network: cannot connect" || st.Attempts < 2 {
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
	m, err := e.app.core.OpenEmail(job.Sealed)
	if err != nil {
		t.Fatal(err)
	}
	m.MessageID = job.MessageID
	cfg, err := e.app.Delivery.SMTPConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := mail.Send(ctx, cfg, m); err != nil {
		t.Fatal(err)
	}
	e.smtp.Wait(1, 5*time.Second)

	// The row as the crash left it, made "sending" by hand as well, as a
	// kill -9 would leave it whichever path got it there.
	if _, err := e.sql().Exec(`UPDATE outbox SET status = 'sending' WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	e.start()
	msgs := e.smtp.Wait(2, 5*time.Second)
	st := e.waitStatus(id, store.OutboxSent)
	if msgs[0].Header.Get("Message-Id") != job.MessageID || msgs[1].Header.Get("Message-Id") != job.MessageID {
		t.Fatalf("Message-IDs %q and %q, want both %q", msgs[0].Header.Get("Message-Id"), msgs[1].Header.Get("Message-Id"), job.MessageID)
	}
	if st.Attempts != 2 {
		t.Fatalf("attempts %d", st.Attempts)
	}
	time.Sleep(100 * time.Millisecond)
	if n := len(e.smtp.Messages()); n != 2 {
		t.Fatalf("%d copies, want exactly 2", n)
	}
}

func TestMessagesWaitForARelayThenGoWhenOneIsSaved(t *testing.T) {
	e := newMailEnv(t)
	e.start()
	id := e.queue()
	time.Sleep(100 * time.Millisecond)
	if st, _ := e.app.core.EmailStatus(context.Background(), id); st.Status != store.OutboxPending || st.Attempts != 0 {
		t.Fatalf("without a relay: %+v", st)
	}
	e.configure() // saving wakes the worker
	e.smtp.Wait(1, 5*time.Second)
	st := e.waitStatus(id, store.OutboxSent)
	if !strings.HasSuffix(st.MessageID, "@"+mail.InvalidDomain+">") {
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
		if _, err := e.app.core.QueueEmail(ctx, em, nil); !errors.Is(err, core.ErrBadEmail) {
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
	id, err := e.app.core.QueueEmail(ctx, core.Email{To: mailTo, Subject: subject, Text: mailText}, nil)
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
	e.smtp.Wait(1, 5*time.Second)
	e.waitStatus(id, store.OutboxSent)
	scan("sent")
}

func TestKeyRotationKeepsQueuedMailAndTheRelayPasswordReadable(t *testing.T) {
	e := newMailEnv(t)
	e.configure()
	ctx := context.Background()
	id := e.queue()
	admin, _ := e.app.Store().UserByEmail(ctx, "admin@example.org")
	if _, err := e.app.Vault.RotateVaultKey(ctx, admin, testPassword); err != nil {
		t.Fatal(err)
	}
	e.start()
	e.smtp.Wait(1, 5*time.Second) // the relay wants the password: it was opened with the new key
	e.waitStatus(id, store.OutboxSent)
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
	counsellor := access.Actor{UserID: "someone", Roles: []string{access.Counsellor, access.Lead}}
	if _, err := e.app.Delivery.SMTPSettingsPage(ctx, counsellor); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("a non-admin read the settings: %v", err)
	}
	if err := e.app.Delivery.SaveSMTPSettings(ctx, counsellor, delivery.SMTPForm{}); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("a non-admin saved the settings: %v", err)
	}
	if _, err := e.app.Delivery.SendTestEmail(ctx, counsellor, mailTo); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("a non-admin sent a test: %v", err)
	}
	e.configure()

	// Saving again with the password left blank keeps it.
	p, _ := e.app.Delivery.SMTPSettingsPage(ctx, e.admin)
	if !p.HasPassword || p.Form.Password != "" || !p.Configured {
		t.Fatalf("page %+v", p)
	}
	f := p.Form
	f.Port = ""
	f.Security = "starttls"
	if err := e.app.Delivery.SaveSMTPSettings(ctx, e.admin, f); err != nil {
		t.Fatal(err)
	}
	c, err := e.app.Delivery.SMTPConfig(ctx)
	if err != nil || c.Password != relayPass || c.Port != 587 || c.Security != mail.StartTLS {
		t.Fatalf("config %+v %v", c, err)
	}
	// A stale form is refused.
	if err := e.app.Delivery.SaveSMTPSettings(ctx, e.admin, f); !errors.Is(err, admin.ErrSettingsChanged) {
		t.Fatalf("stale save: %v", err)
	}
	// A password in the clear to another machine is refused.
	p, _ = e.app.Delivery.SMTPSettingsPage(ctx, e.admin)
	f = p.Form
	f.Host, f.Security, f.Port = "smtp.example.org", "none", "25"
	var fe FieldErrors
	if err := e.app.Delivery.SaveSMTPSettings(ctx, e.admin, f); !asFields(err, &fe) || fe["security"] == "" {
		t.Fatalf("clear-text password accepted: %v", err)
	}
	// No user name: no password kept.
	f.Username, f.Security = "", "tls"
	if err := e.app.Delivery.SaveSMTPSettings(ctx, e.admin, f); err != nil {
		t.Fatal(err)
	}
	if p, _ = e.app.Delivery.SMTPSettingsPage(ctx, e.admin); p.HasPassword {
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
	if _, err := e.app.Delivery.SendTestEmail(ctx, e.admin, mailTo); err == nil {
		t.Fatal("a test email was queued with no relay set")
	}
	e.configure()
	if _, err := e.app.Delivery.SendTestEmail(ctx, e.admin, "a@b.c\r\nBcc: x@y.z"); err == nil {
		t.Fatal("an injected address was accepted")
	}
	e.start()
	id, err := e.app.Delivery.SendTestEmail(ctx, e.admin, mailTo)
	if err != nil {
		t.Fatal(err)
	}
	got := e.smtp.Wait(1, 5*time.Second)[0]
	if got.Header.Get("Subject") != "Test message" || !strings.Contains(got.Body, "test message") {
		t.Fatalf("test email: %q %q", got.Header.Get("Subject"), got.Body)
	}
	st := e.waitStatus(id, store.OutboxSent)
	if st.Purpose != "smtp.test" {
		t.Fatalf("purpose %q", st.Purpose)
	}
	es, _ := e.app.Store().ListAudit(ctx, store.AuditFilter{Event: "smtp.test"})
	if len(es) != 1 || es[0].Subject != id || es[0].ActorID != e.admin.UserID {
		t.Fatalf("audit %+v", es)
	}
}
