package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"confidant/internal/app/apptest"
	"confidant/internal/request"
	"confidant/internal/store"
)

// These tests attack the client's promise the way a careless or rogue
// member of staff would, through HTTP against a real server on a real
// SQLite file: each tries to get round one rule and must be refused.

func requestStatus(t *testing.T, e *testEnv, req string) request.Status {
	t.Helper()
	r, err := e.app.Store().RequestByID(context.Background(), strings.TrimPrefix(req, "/requests/"))
	if err != nil {
		t.Fatal(err)
	}
	return r.Status
}

func pageVersion(b *browser, req string) string {
	_, page := b.get(req)
	return between(page, `name="version" value="`, `"`)
}

func TestStaffCannotSetOrRestoreConsentByHand(t *testing.T) {
	e := newTestEnv(t)
	mail := startMail(t, e)
	counsellor, lead, clientPath, req := setupRequest(t, e, compliantRequest)
	client := portalClient(t, e, mail, counsellor, clientPath)
	toExtract(t, lead, req)
	rid := strings.TrimPrefix(req, "/requests/")

	// Before she answers, no status the menu accepts is hers to give.
	for _, to := range []string{"client_consented", "lead_approved", "sent", "client_consulted", "extract_drafted"} {
		if code, _, _ := lead.post(req+"/status", url.Values{"to": {to}, "version": {pageVersion(lead, req)}}); code != http.StatusUnprocessableEntity {
			t.Errorf("lead set %s by hand: %d, want 422", to, code)
		}
	}
	if st := requestStatus(t, e, req); st != request.StatusExtractDrafted {
		t.Fatalf("status moved to %s", st)
	}
	_, page := lead.get(req)
	for _, to := range []string{"client_consented", "lead_approved", "sent"} {
		if strings.Contains(page, `value="`+to+`"`) {
			t.Errorf("the status menu offers %s", to)
		}
	}
	// A staff session cannot post her decision: the portal has its own
	// session, and a lead's cookie opens nothing there.
	_, cp := client.get("/portal/requests/" + rid)
	sha := between(cp, `name="extract_sha256" value="`, `"`)
	if code, _, _ := lead.post("/portal/requests/"+rid+"/decision", url.Values{"decision": {"agree"}, "extract_sha256": {sha}}); code == http.StatusSeeOther && requestStatus(t, e, req) == request.StatusClientConsented {
		t.Fatal("a lead's session agreed in the client's name")
	}
	if st := requestStatus(t, e, req); st != request.StatusExtractDrafted {
		t.Fatalf("status moved to %s after a staff post to the portal", st)
	}

	// She agrees, then takes it back; the lead tries to put it back.
	if code, _, _ := client.post("/portal/requests/"+rid+"/decision", url.Values{"decision": {"agree"}, "extract_sha256": {sha}}); code != http.StatusSeeOther {
		t.Fatalf("agree: %d", code)
	}
	if code, _, _ := client.post("/portal/requests/"+rid+"/decision", url.Values{"decision": {"withdraw"}, "extract_sha256": {sha}, "message": {"I changed my mind."}}); code != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", code)
	}
	for _, to := range []string{"client_consented", "lead_approved"} {
		if code, _, _ := lead.post(req+"/status", url.Values{"to": {to}, "version": {pageVersion(lead, req)}}); code != http.StatusUnprocessableEntity {
			t.Errorf("after her withdrawal the lead set %s: %d", to, code)
		}
	}
	if code, _, _ := lead.post(req+"/approve", url.Values{"extract_sha256": {sha}, "password": {testPassword}}); code != http.StatusConflict {
		t.Errorf("approval after withdrawal: %d, want 409", code)
	}
	if code, _, _ := lead.post(req+"/send", url.Values{}); code != http.StatusConflict {
		t.Errorf("send after withdrawal: %d, want 409", code)
	}
	if st := requestStatus(t, e, req); st != request.StatusExtractDrafted {
		t.Fatalf("after withdrawal the status is %s", st)
	}
	// Her portal still lets her answer, and does not say she agreed.
	_, cp = client.get("/portal/requests/" + rid)
	if !strings.Contains(cp, `id="decision-agree"`) || strings.Contains(cp, "You agreed.") {
		t.Error("after a withdrawal and the lead's attempts, her portal is wrong")
	}
	// The store itself refuses a consent step from anyone but her.
	err := e.app.Store().TransitionRequest(context.Background(), store.Move{RequestID: rid, From: request.StatusExtractDrafted, To: request.StatusClientConsented,
		Action: request.ActAgree, By: request.ActorLead, ActorID: "x", Version: -1})
	if err == nil {
		t.Fatal("the store moved a request to client_consented for a lead")
	}
}

func TestSecondLeadCannotTakeOverTheClientsPortalAccount(t *testing.T) {
	e := newTestEnv(t)
	mail := startMail(t, e)
	ctx := context.Background()
	apptest.AddUser(t, e.app, "lead2@example.org", "Second lead", "lead")
	counsellor, _, clientPath, _ := setupRequest(t, e, compliantRequest)
	client := portalClient(t, e, mail, counsellor, clientPath)
	lead2 := e.browser()
	lead2.signIn("lead2@example.org")
	lead2.get(clientPath + "/portal-invite")
	code, _, page := lead2.post(clientPath+"/portal-invite", url.Values{"email": {"rogue.lead@example.org"}})
	if code != http.StatusConflict || !strings.Contains(page, "already has a portal account") {
		t.Fatalf("second lead's invitation of their own mailbox: %d, want 409", code)
	}
	// Her session and password are untouched.
	if code, _ := client.get("/portal/"); code != http.StatusOK {
		t.Fatalf("her session ended: %d", code)
	}
	// The refusal is in the audit log.
	if es, err := e.app.Store().ListAudit(ctx, store.AuditFilter{Event: "portal.invite.refused"}); err != nil || len(es) == 0 {
		t.Fatalf("refusal not audited: %d %v", len(es), err)
	}
	// No mail went to the rogue address, once the outbox has sent all it
	// had.
	mail.settle(t)
	for _, m := range mail.srv.Messages() {
		if strings.Contains(strings.Join(m.To, ","), "rogue.lead") {
			t.Fatal("an invitation reached the rogue lead's mailbox")
		}
	}
	// A password link goes only to the address on file.
	if code, _, _ := lead2.post(clientPath+"/portal-reset", url.Values{"email": {"rogue.lead@example.org"}}); code != http.StatusSeeOther {
		t.Fatalf("password link: %d", code)
	}
	_, body := mail.nextTo(t, "robin.client@example.org")
	for !strings.Contains(body, "/portal/invite/") {
		_, body = mail.nextTo(t, "robin.client@example.org")
	}
	// Changing her address needs the other lead, and tells her old one.
	if code, _, _ := lead2.post(clientPath+"/portal-email", url.Values{"new_email": {"rogue.lead@example.org"}}); code != http.StatusSeeOther {
		t.Fatalf("propose a new address: %d", code)
	}
	acc, _ := e.app.Store().PortalAccountByClient(ctx, strings.TrimPrefix(clientPath, "/clients/"))
	c, _ := e.app.Store().ClientByID(ctx, acc.ClientID)
	if got, _ := apptest.Keyring(t, e.app, e.dir).Decrypt(c.WrappedKey, acc.EmailEnc); string(got) != "robin.client@example.org" {
		t.Fatalf("her address changed on one lead's word: %s", got)
	}
	if code, _, _ := lead2.post(clientPath+"/portal-email/decision", url.Values{"decision": {"approve"}}); code != http.StatusConflict {
		t.Fatalf("the proposer approved their own change: %d, want 409", code)
	}
}

func TestANewInvitationVoidsTheEarlierOnes(t *testing.T) {
	e := newTestEnv(t)
	mail := startMail(t, e)
	counsellor := e.browser()
	counsellor.signIn("counsellor@example.org")
	clientPath := counsellor.addClient("Morgan Example")
	var links []string
	for _, addr := range []string{"first.try@example.org", "second.try@example.org"} {
		counsellor.get(clientPath + "/portal-invite")
		if code, _, body := counsellor.post(clientPath+"/portal-invite", url.Values{"email": {addr}}); code != http.StatusSeeOther {
			t.Fatalf("invite %s: %d %s", addr, code, body)
		}
		_, body := mail.nextTo(t, addr)
		links = append(links, regexp.MustCompile(`/portal/invite/[A-Za-z0-9_-]+`).FindString(body))
	}
	c := e.browser()
	if code, _ := c.get(links[0]); code != http.StatusNotFound {
		t.Fatalf("the older invitation still works: %d", code)
	}
	c.get(links[1])
	if code, _, body := c.post(links[1], url.Values{"password": {"willow harbour lantern"}, "confirm": {"willow harbour lantern"}}); code != http.StatusSeeOther {
		t.Fatalf("accept the newer invitation: %d %s", code, body)
	}
}

func TestARequestReachesThePortalOnlyWhenALeadConsultsHer(t *testing.T) {
	e := newTestEnv(t)
	mail := startMail(t, e)
	counsellor, lead, clientPath, req := setupRequest(t, e, compliantRequest)
	client := portalClient(t, e, mail, counsellor, clientPath)
	rid := strings.TrimPrefix(req, "/requests/")
	shown := func() bool {
		_, home := client.get("/portal/")
		code, _ := client.get("/portal/requests/" + rid)
		return strings.Contains(home, "X Force") || code == http.StatusOK
	}
	if shown() {
		t.Fatal("recorded, not yet consulted: the portal shows it")
	}
	// Not before the requester is verified.
	if code, _, _ := lead.post(req+"/consult", url.Values{"version": {pageVersion(lead, req)}}); code != http.StatusConflict || shown() {
		t.Fatalf("consulted before verification: %d", code)
	}
	advance(t, lead, req, "verified", "client_consulted")
	if !shown() {
		t.Fatal("consulted, yet the portal does not show it")
	}
	// Marked suspected fraud afterwards: gone from her portal.
	lead.move(req, "", "fraud_suspected")
	if shown() {
		t.Fatal("a request suspected of fraud is still in her portal")
	}
	// Recorded in error: gone from the leads' lists too, kept in the log.
	lead.move(req, "entered against the wrong client", "recorded_in_error")
	_, list := lead.get("/requests?status=all")
	if strings.Contains(list, rid) {
		t.Error("a request recorded in error is still listed")
	}
}

func TestAHalfTypedOrUnverifiedRequestNeverReachesThePortal(t *testing.T) {
	e := newTestEnv(t)
	mail := startMail(t, e)
	counsellor, lead, clientPath, req := setupRequest(t, e, func(ref string) url.Values {
		f := compliantRequest(ref)
		f.Set("sender_email", "someone@gmail.com")
		f.Set("authoriser.rank", "Sergeant")
		return f
	})
	client := portalClient(t, e, mail, counsellor, clientPath)
	if _, home := client.get("/portal/"); strings.Contains(home, "Request from") {
		t.Fatal("an unverified request from a gmail address reached the portal")
	}
	if code, _, _ := lead.post(req+"/consult", url.Values{"version": {pageVersion(lead, req)}}); code != http.StatusConflict {
		t.Fatalf("consulting on an unverified request: %d", code)
	}
}

func TestOnlySignedNotesLeaveAndTheyCannotChangeAfterwards(t *testing.T) {
	e := newTestEnv(t)
	counsellor, lead, clientPath, req := setupRequest(t, e, compliantRequest)
	counsellor.addNote(clientPath, "2025-03-01", "A draft about the lighthouse, not yet signed.")
	advance(t, lead, req, "verified", "client_consulted")
	_, page := lead.get(req + "/extract")
	if strings.Contains(page, "lighthouse") || !strings.Contains(page, "only signed notes can leave") {
		t.Fatalf("the builder offers a draft note or does not say why it is missing:\n%s", page)
	}
	ids := regexp.MustCompile(`name="note" value="([a-z2-7]{26})"`).FindAllStringSubmatch(page, -1)
	if len(ids) != 1 {
		t.Fatalf("%d notes offered, want the one signed note", len(ids))
	}
	// A draft note's id posted by hand is refused.
	_, cp := counsellor.get(clientPath)
	var draftID string
	for _, m := range regexp.MustCompile(`/notes/([a-z2-7]{26})/edit`).FindAllStringSubmatch(cp, -1) {
		draftID = m[1]
	}
	if draftID == "" {
		t.Fatal("no draft note on the client page")
	}
	dv := between(page, `name="draft_version" value="`, `"`)
	if code, _, _ := lead.post(req+"/extract/notes", url.Values{"note": {draftID}, "draft_version": {dv}}); code != http.StatusUnprocessableEntity {
		t.Fatalf("a draft note chosen by hand: %d", code)
	}
	buildExtract(t, lead, req)
	// The signed note inside the extract with the client takes no addendum.
	code, _, body := counsellor.post(clientPath+"/notes/"+ids[0][1]+"/addenda", url.Values{"body": {"A later thought."}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "part of an extract") {
		t.Fatalf("addendum to a note in an extract with the client: %d", code)
	}
}

func TestApprovalWaitsForAnAnswerToHerMessage(t *testing.T) {
	e := newTestEnv(t)
	mail := startMail(t, e)
	counsellor, lead, clientPath, req := setupRequest(t, e, compliantRequest)
	client := portalClient(t, e, mail, counsellor, clientPath)
	toExtract(t, lead, req)
	rid := strings.TrimPrefix(req, "/requests/")
	_, cp := client.get("/portal/requests/" + rid)
	sha := between(cp, `name="extract_sha256" value="`, `"`)
	if code, _, _ := client.post("/portal/requests/"+rid+"/decision", url.Values{"decision": {"agree"}, "extract_sha256": {sha}, "message": {"Only if my sister's details are not in it."}}); code != http.StatusSeeOther {
		t.Fatalf("agree: %d", code)
	}
	// The lead is told, her words are on the request page, decrypted.
	subject, _ := mail.nextTo(t, "lead@example.org")
	if strings.Contains(subject, "sister") || strings.Contains(subject, "Morgan") {
		t.Errorf("the lead's notice subject carries personal data: %q", subject)
	}
	_, page := lead.get(req)
	if !strings.Contains(page, "Only if my sister&#39;s details are not in it.") {
		t.Fatal("her message is not shown to the lead")
	}
	if thread := between(page, `<ol class="thread">`, "</ol>"); !strings.Contains(thread, `<p class="hint">The client, `) {
		t.Errorf("her entry does not say it is the client's:\n%s", thread)
	}
	if _, home := lead.get("/"); !strings.Contains(home, `<a href="`+req+`#thread">The client has answered or written about request R-`) || !strings.Contains(home, "waiting for a reply") {
		t.Error("the lead's home page does not list her message as needing attention")
	}
	if _, home := counsellor.get("/"); !strings.Contains(home, `<a href="`+clientPath+`#requests">Your client C-`) || !strings.Contains(home, "has written about a police request and is waiting for a reply.") {
		t.Error("her counsellor's home page does not list her message as needing attention")
	}
	if code, _, page := lead.post(req+"/approve", url.Values{"extract_sha256": {sha}, "password": {testPassword}}); code != http.StatusConflict || !strings.Contains(page, `<ol class="history">`) {
		t.Fatalf("approved over an unanswered conditional agreement: %d, want 409 with the request page again", code)
	}
	// Her counsellor reads it too.
	_, cpage := counsellor.get(clientPath)
	if !strings.Contains(cpage, "Only if my sister") {
		t.Error("her counsellor does not see her message")
	}
	if code, _, _ := lead.post(req+"/messages", url.Values{"message": {"Her details are taken out. Please look again."}}); code != http.StatusSeeOther {
		t.Fatalf("reply: %d", code)
	}
	if _, cp = client.get("/portal/requests/" + rid); !strings.Contains(cp, "Her details are taken out") {
		t.Fatal("the reply is not in her portal")
	}
	// The service's entries name who wrote them, for staff.
	_, cpage = counsellor.get(clientPath)
	if thread := between(cpage, `<ol class="thread">`, "</ol>"); !strings.Contains(thread, `<p class="hint">The client, `) || !strings.Contains(thread, `<p class="hint">Test lead, `) {
		t.Errorf("the counsellor's thread does not say who wrote each entry:\n%s", thread)
	}
	if code, _, body := lead.post(req+"/approve", url.Values{"extract_sha256": {sha}, "password": {testPassword}}); code != http.StatusSeeOther {
		t.Fatalf("approve after replying: %d %s", code, between(body, `role="alert">`, "<"))
	}
}

func TestQuickExitExpiresEveryPortalCookie(t *testing.T) {
	e := newTestEnv(t)
	anon := e.browser()
	anon.get("/portal/login")
	resp, err := anon.c.Get(e.ts.URL + "/portal/exit")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	expired := map[string]bool{}
	for _, c := range resp.Cookies() {
		if c.MaxAge < 0 {
			expired[c.Name] = true
		}
	}
	if !expired[portalCookie] || !expired[portalPreCookie] {
		t.Fatalf("quick exit expired %v, want both %s and %s", expired, portalCookie, portalPreCookie)
	}
	if got := resp.Header.Get("Clear-Site-Data"); !strings.Contains(got, `"cache"`) {
		t.Fatalf("Clear-Site-Data = %q", got)
	}
}

func TestOnlyLeadsReachTheRequestRoutes(t *testing.T) {
	e := newTestEnv(t)
	counsellor, _, _, req := setupRequest(t, e, compliantRequest)
	admin := e.browser()
	admin.signIn("admin@example.org")
	gets := []string{"/requests", "/requests/new", req, req + "/extract", req + "/extract/preview", req + "/attachment", req + "/letters/acknowledgement"}
	posts := []string{req + "/status", req + "/consult", req + "/approve", req + "/send", req + "/lift-hold", req + "/verifications", req + "/extract/versions"}
	for _, who := range []*browser{counsellor, admin} {
		for _, p := range gets {
			if code, _ := who.get(p); code != http.StatusNotFound {
				t.Errorf("GET %s by a non-lead: %d, want 404", p, code)
			}
		}
		who.get("/")
		for _, p := range posts {
			if code, _, _ := who.post(p, url.Values{"version": {"1"}, "to": {"closed"}}); code != http.StatusNotFound {
				t.Errorf("POST %s by a non-lead: %d, want 404", p, code)
			}
		}
	}
}
