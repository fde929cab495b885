package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"confidant/internal/app/apptest"
	"confidant/internal/app/core"
	"confidant/internal/app/delivery"
	"confidant/internal/mail/mailtest"
)

// sentMail is a real SMTP server on loopback with the app's real outbox
// worker delivering to it.
type sentMail struct {
	srv  *mailtest.Server
	seen int
	used map[int]bool // messages taken by nextTo
	// passes is what the worker reports after each pass (settle waits on
	// it); outbox reads the outbox's counts as the admin's page shows them.
	passes *mailtest.Passes
	outbox func() (delivery.OutboxSummary, error)
}

func startMail(t *testing.T, e *testEnv) *sentMail {
	t.Helper()
	ctx := context.Background()
	srv := mailtest.NewServer(t)
	admin := core.Actor(apptest.Staff(t, e.app, apptest.AdminEmail))
	page, err := e.app.Delivery.Relay(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.app.Delivery.SaveSMTPSettings(ctx, admin, delivery.SMTPForm{Host: "127.0.0.1", Port: strconv.Itoa(srv.Port), Security: "none", From: "noreply@example.org", Version: page.Form().Version}); err != nil {
		t.Fatal(err)
	}
	// The worker keeps its production pace (no short poll): an action
	// that queues mail without waking it stalls the test instead of being
	// rescued by the next poll. Tests wait on its passes, never on a clock.
	ob := e.app.Delivery.NewOutbox(slog.New(slog.NewTextHandler(io.Discard, nil)))
	passes := mailtest.Watch(t, ob.Worker)
	e.app.SetMailer(ob)
	t.Cleanup(ob.Start(ctx))
	return &sentMail{srv: srv, passes: passes, outbox: func() (delivery.OutboxSummary, error) {
		return e.app.Delivery.OutboxSummary(context.Background(), admin)
	}}
}

// settle waits until the outbox holds nothing pending or being sent,
// checking after each of the worker's passes: everything queued so far has
// reached the relay (or been given up), so what the relay holds is every
// email the test's actions so far will ever produce.
func (m *sentMail) settle(t *testing.T) {
	t.Helper()
	m.passes.Until("an outbox with nothing left to send", func() bool {
		p, err := m.outbox()
		if err != nil {
			t.Fatal(err)
		}
		return p.Pending+p.Sending == 0
	})
}

// next waits for the next message to arrive and returns it.
func (m *sentMail) next(t *testing.T) (string, string, string) {
	t.Helper()
	msgs := m.srv.Wait(m.seen+1, 10*time.Second)
	if len(msgs) <= m.seen {
		t.Fatal("no email arrived")
	}
	x := msgs[m.seen]
	m.seen++
	return strings.Join(x.To, ","), x.Header.Get("Subject"), x.Body
}

// nextTo waits for the next message to one address that nextTo has not
// returned before, whatever else arrived meanwhile (staff notices, say).
func (m *sentMail) nextTo(t *testing.T, addr string) (string, string) {
	t.Helper()
	if m.used == nil {
		m.used = map[int]bool{}
	}
	deadline := time.Now().Add(10 * time.Second)
	for n := 1; time.Now().Before(deadline); n++ {
		msgs := m.srv.Wait(n, time.Until(deadline))
		for i, x := range msgs {
			if i >= m.seen && !m.used[i] && strings.Join(x.To, ",") == addr {
				m.used[i] = true
				return x.Header.Get("Subject"), x.Body
			}
		}
		if len(msgs) < n {
			break
		}
		n = len(msgs) // wait for one more than has arrived
	}
	t.Fatalf("no email to %s arrived", addr)
	return "", ""
}

// portalClient signs a client in to the portal after accepting an invite.
func portalClient(t *testing.T, e *testEnv, mail *sentMail, counsellor *browser, clientPath string) *browser {
	t.Helper()
	counsellor.get(clientPath + "/portal-invite")
	if code, _, body := counsellor.post(clientPath+"/portal-invite", url.Values{"email": {"robin.client@example.org"}}); code != http.StatusSeeOther {
		t.Fatalf("invite: %d %s", code, body)
	}
	subject, body := mail.nextTo(t, "robin.client@example.org")
	if subject != "You have a new message" {
		t.Fatalf("invitation email: subject %q", subject)
	}
	for _, leak := range []string{"police", "Police", "request", "counselling", "Morgan"} {
		if strings.Contains(body, leak) {
			t.Errorf("invitation email mentions %q", leak)
		}
	}
	link := regexp.MustCompile(`/portal/invite/[A-Za-z0-9_-]+`).FindString(body)
	c := e.browser()
	c.get(link)
	if code, _, page := c.post(link, url.Values{"password": {"short"}, "confirm": {"short"}}); code != http.StatusUnprocessableEntity || !strings.Contains(page, "not strong enough") {
		t.Fatalf("weak password: %d", code)
	}
	if code, _, page := c.post(link, url.Values{"password": {"willow harbour lantern"}, "confirm": {"willow harbour lantern"}}); code != http.StatusSeeOther {
		t.Fatalf("accept invite: %d %s", code, page)
	}
	if code, _ := c.get(link); code != http.StatusNotFound {
		t.Fatalf("used invitation still works: %d", code)
	}
	c.get("/portal/login")
	if code, _, page := c.post("/portal/login", url.Values{"email": {"robin.client@example.org"}, "password": {"willow harbour lantern"}}); code != http.StatusSeeOther {
		t.Fatalf("portal sign-in: %d %s", code, page)
	}
	return c
}

// toExtract takes a request to a built extract of one note.
func toExtract(t *testing.T, lead *browser, req string) {
	t.Helper()
	advance(t, lead, req, "verified", "client_consulted")
	buildExtract(t, lead, req)
}

// buildExtract builds an extract of every note offered, all suggestions
// accepted.
func buildExtract(t *testing.T, lead *browser, req string) {
	t.Helper()
	_, page := lead.get(req + "/extract")
	ids := regexp.MustCompile(`name="note" value="([a-z2-7]{26})"`).FindAllStringSubmatch(page, -1)
	dv := between(page, `name="draft_version" value="`, `"`)
	form := url.Values{"draft_version": {dv}}
	for _, id := range ids {
		form.Add("note", id[1])
	}
	lead.post(req+"/extract/notes", form)
	for _, id := range ids {
		np := req + "/extract/notes/" + id[1]
		_, p := lead.get(np)
		lead.post(np+"/decisions", url.Values{"draft_version": {between(p, `name="draft_version" value="`, `"`)}, "count": {between(p, `name="count" value="`, `"`)}, "all": {"accept"}})
	}
	if code, _, body := lead.post(req+"/extract/versions", url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("build: %d %s", code, body)
	}
}

func TestPortalConsentApprovalAndOneTimeDownload(t *testing.T) {
	e := newTestEnv(t)
	mail := startMail(t, e)
	apptest.AddUser(t, e.app, "lead2@example.org", "Second lead", "lead")
	counsellor, lead, clientPath, req := setupRequest(t, e, compliantRequest)
	client := portalClient(t, e, mail, counsellor, clientPath)
	_, home := client.get("/portal/")
	if !strings.Contains(home, `id="exit-this-page"`) || strings.Contains(home, "X Force") {
		t.Fatalf("portal home shows a request before a lead chose to consult the client:\n%s", home)
	}
	toExtract(t, lead, req)
	if _, home = client.get("/portal/"); !strings.Contains(home, "Request from X Force") {
		t.Fatalf("portal home after consulting:\n%s", home)
	}
	rid := strings.TrimPrefix(req, "/requests/")
	_, page := client.get("/portal/requests/" + rid)
	if !strings.Contains(page, "described the incident in detail") || !strings.Contains(page, "[redacted: name]") {
		t.Fatalf("client does not see the exact extract:\n%s", page)
	}
	if strings.Contains(page, "Morgan described") {
		t.Fatal("the client's portal shows an unredacted extract")
	}
	sha := between(page, `name="extract_sha256" value="`, `"`)
	if code, _, _ := client.post("/portal/requests/"+rid+"/decision", url.Values{"decision": {"agree"}, "extract_sha256": {strings.Repeat("0", 64)}}); code != http.StatusConflict {
		t.Fatalf("consent to a stale hash: %d", code)
	}
	if code, _, body := client.post("/portal/requests/"+rid+"/decision", url.Values{"decision": {"agree"}, "extract_sha256": {sha}}); code != http.StatusSeeOther {
		t.Fatalf("agree: %d %s", code, body)
	}
	// The lead who built it cannot approve alone when a second lead exists.
	_, rp := lead.get(req)
	if !strings.Contains(rp, "another safeguarding lead must approve") {
		t.Fatal("the drafting lead was offered approval")
	}
	lead2 := e.browser()
	lead2.signIn("lead2@example.org")
	lead2.get(req)
	if code, _, _ := lead2.post(req+"/approve", url.Values{"extract_sha256": {sha}, "password": {"not my password"}}); code != http.StatusUnprocessableEntity {
		t.Fatalf("approval with a wrong password: %d", code)
	}
	if code, _, body := lead2.post(req+"/approve", url.Values{"extract_sha256": {sha}, "password": {testPassword}}); code != http.StatusSeeOther {
		t.Fatalf("approve: %d %s", code, body)
	}
	code, _, sent := lead2.post(req+"/send", url.Values{})
	if code != http.StatusOK {
		t.Fatalf("send: %d %s", code, sent)
	}
	releaseCode := between(between(sent, `class="release-code"`, "</p>"), "<code>", "</code>")
	_, body := mail.nextTo(t, "dc.ann.lee@xforce.police.uk")
	link := regexp.MustCompile(`/d/[A-Za-z0-9_-]+`).FindString(body)
	officer := e.browser()
	if code, page := officer.get(link); code != 200 || !strings.Contains(page, `name="code"`) {
		t.Fatalf("download page: %d", code)
	}
	if code, _, _ := officer.post(link, url.Values{"code": {"WRONG-CODE1"}}); code != http.StatusUnprocessableEntity {
		t.Fatalf("wrong code: %d", code)
	}
	resp := officer.postResp(link, url.Values{"code": {strings.ToLower(releaseCode)}})
	pdf, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("download with the right code: %d", resp.StatusCode)
	}
	if code, _ := officer.get(link); code != http.StatusNotFound {
		t.Fatalf("used link still works: %d", code)
	}
	if code, _ := officer.get("/d/unknowntoken"); code != http.StatusNotFound {
		t.Fatalf("unknown link: %d", code)
	}
	_, hist := client.get("/portal/history")
	if !strings.Contains(hist, "You agreed") || !strings.Contains(hist, "Downloaded on") {
		t.Fatalf("client's history:\n%s", hist)
	}
}

func TestConsentWithdrawnBeforeApprovalMeansNothingCanBeSent(t *testing.T) {
	e := newTestEnv(t)
	mail := startMail(t, e)
	counsellor, lead, clientPath, req := setupRequest(t, e, compliantRequest)
	client := portalClient(t, e, mail, counsellor, clientPath)
	toExtract(t, lead, req)
	rid := strings.TrimPrefix(req, "/requests/")
	sha := client.extractSHA(rid)
	client.post("/portal/requests/"+rid+"/decision", url.Values{"decision": {"agree"}, "extract_sha256": {sha}})
	if code, _, _ := client.post("/portal/requests/"+rid+"/decision", url.Values{"decision": {"withdraw"}, "extract_sha256": {sha}}); code != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", code)
	}
	if code, _, _ := lead.post(req+"/approve", url.Values{"extract_sha256": {sha}, "password": {testPassword}}); code != http.StatusConflict {
		t.Fatalf("approval after withdrawal: %d, want 409", code)
	}
	if code, _, _ := lead.post(req+"/send", url.Values{}); code != http.StatusConflict {
		t.Fatalf("send after withdrawal: %d, want 409", code)
	}
}

func TestPortalQuickExitEndsSessionAndPagesCarryIt(t *testing.T) {
	e := newTestEnv(t)
	mail := startMail(t, e)
	counsellor := e.browser()
	counsellor.signIn("counsellor@example.org")
	cp := counsellor.addClient("Exit Example")
	client := portalClient(t, e, mail, counsellor, cp)
	anon := e.browser()
	for _, p := range []string{"/portal/login", "/portal/leaving", "/portal/rights"} {
		_, page := anon.get(p)
		if !strings.Contains(page, `id="exit-this-page"`) || !strings.Contains(page, `href="/portal/exit"`) {
			t.Errorf("%s lacks the quick exit", p)
		}
		if regexp.MustCompile(`(src|href)="https?://`).MatchString(page) {
			t.Errorf("%s loads something from another origin", p)
		}
	}
	resp, err := client.c.Get(e.ts.URL + "/portal/exit")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != DefaultExitURL {
		t.Fatalf("exit: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if code, _ := client.get("/portal/"); code != http.StatusSeeOther {
		t.Fatalf("session survived the quick exit: %d", code)
	}
	// The staff session and the portal never mix.
	if code, _ := counsellor.get("/portal/"); code != http.StatusSeeOther {
		t.Fatalf("a staff session opened the portal: %d", code)
	}
}

func TestSeriousHarmRequestHiddenFromPortalUntilHoldLifted(t *testing.T) {
	e := newTestEnv(t)
	mail := startMail(t, e)
	counsellor, lead, clientPath, req := setupRequest(t, e, func(ref string) url.Values {
		f := compliantRequest(ref)
		f.Set("notice.status", "withheld")
		f.Set("notice.ground", "serious_harm")
		f.Del("notice.to")
		return f
	})
	client := portalClient(t, e, mail, counsellor, clientPath)
	rid := strings.TrimPrefix(req, "/requests/")
	_, home := client.get("/portal/")
	if strings.Contains(home, "X Force") {
		t.Fatal("portal shows a request whose notice was withheld on the serious-harm ground")
	}
	if code, _ := client.get("/portal/requests/" + rid); code != http.StatusNotFound {
		t.Fatalf("hidden request opened: %d", code)
	}
	advance(t, lead, req, "verified")
	_, page := lead.get(req)
	v := between(page, `name="version" value="`, `"`)
	if code, _, _ := lead.post(req+"/consult", url.Values{"version": {v}}); code != http.StatusConflict {
		t.Fatalf("consulting the client under the serious-harm hold: %d, want 409", code)
	}
	if _, home = client.get("/portal/"); strings.Contains(home, "X Force") {
		t.Fatal("portal shows a held request after a refused consult")
	}
	if code, _, _ := lead.post(req+"/lift-hold", url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("lift hold: %d", code)
	}
	if _, home = client.get("/portal/"); strings.Contains(home, "X Force") {
		t.Fatal("lifting the hold alone showed the request: the lead has not chosen to consult her")
	}
	if code, _, body := lead.post(req+"/consult", url.Values{"version": {v}}); code != http.StatusSeeOther {
		t.Fatalf("consult after lifting the hold: %d %s", code, body)
	}
	if _, home = client.get("/portal/"); !strings.Contains(home, "X Force") {
		t.Fatal("request not shown after the hold was lifted and the client consulted")
	}
}

// extractSHA is the SHA-256 of the extract the client reads in her portal:
// the hash her agreement names.
func (b *browser) extractSHA(rid string) string {
	b.e.t.Helper()
	_, page := b.get("/portal/requests/" + rid)
	sha := between(page, `name="extract_sha256" value="`, `"`)
	if len(sha) != 64 {
		b.e.t.Fatalf("no extract to agree to on the client's page of request %s", rid)
	}
	return sha
}
