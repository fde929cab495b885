package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"confidant/internal/access"
	"confidant/internal/app"
	"confidant/internal/app/core"
	"confidant/internal/app/staff"
	"confidant/internal/audit"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// invite has the admin browser invite someone and returns the link.
func (b *browser) invite(email, role string) string {
	t := b.e.t
	t.Helper()
	b.get("/admin/users")
	code, _, page := b.post("/admin/users", url.Values{"email": {email}, "name": {"New Person"}, "roles": {role}})
	if code != http.StatusOK {
		t.Fatalf("invite: %d\n%s", code, page)
	}
	m := linkRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no link on the page:\n%s", page)
	}
	return html.UnescapeString(m[1])
}

// pathOf strips the test server's address from a link.
func (e *testEnv) pathOf(link string) string {
	return strings.TrimPrefix(link, e.ts.URL)
}

func TestInvitationSetsAPasswordOnce(t *testing.T) {
	e := newTestEnv(t)
	admin := e.browser()
	admin.signIn("admin@example.org")
	link := e.pathOf(admin.invite("new.person@example.org", "counsellor"))
	if !strings.HasPrefix(link, "/set-password?token=") {
		t.Fatalf("link %q", link)
	}
	_, list := admin.get("/admin/users")
	if !strings.Contains(list, "new.person@example.org") || !strings.Contains(list, "Invited") {
		t.Fatal("the invited account is not listed as invited")
	}
	// Before the invitation is used, the account cannot sign in.
	anon := e.browser()
	anon.get("/login")
	if code, _, _ := anon.post("/login", url.Values{"email": {"new.person@example.org"}, "password": {testPassword}}); code != http.StatusUnprocessableEntity {
		t.Fatalf("pending account signed in: %d", code)
	}

	b := e.browser()
	code, page := b.get(link)
	if code != http.StatusOK || !strings.Contains(page, "new.person@example.org") {
		t.Fatalf("invitation page: %d", code)
	}
	token := strings.TrimPrefix(link, "/set-password?token=")
	token, _ = url.QueryUnescape(token)
	if code, _, page := b.post("/set-password", url.Values{"token": {token}, "password": {"short"}, "password_confirm": {"short"}}); code != http.StatusUnprocessableEntity || !strings.Contains(page, "at least 12") {
		t.Fatalf("weak password: %d", code)
	}
	if code, _, _ := b.post("/set-password", url.Values{"token": {token}, "password": {testPassword}, "password_confirm": {testPassword + "x"}}); code != http.StatusUnprocessableEntity {
		t.Fatalf("mismatched passwords: %d", code)
	}
	code, loc, _ := b.post("/set-password", url.Values{"token": {token}, "password": {testPassword}, "password_confirm": {testPassword}})
	if code != http.StatusSeeOther || loc != "/login" {
		t.Fatalf("set password: %d %q", code, loc)
	}
	b.signIn("new.person@example.org")
	if code, _ := b.get("/clients"); code != http.StatusOK {
		t.Fatalf("new counsellor: %d", code)
	}

	// The link is spent: the page and the form both say so, with 404.
	c := e.browser()
	code, page = c.get(link)
	if code != http.StatusNotFound || !strings.Contains(page, "expired or already been used") {
		t.Fatalf("reused invitation: %d", code)
	}
	c.get("/login")
	if code, _, _ := c.post("/set-password", url.Values{"token": {token}, "password": {"another good passphrase"}, "password_confirm": {"another good passphrase"}}); code != http.StatusNotFound {
		t.Fatalf("reused invitation POST: %d", code)
	}
	c.signIn("new.person@example.org") // the password set the first time still works
	if code, _ := c.get("/set-password?token=nonsense"); code != http.StatusNotFound {
		t.Fatalf("unknown token: %d", code)
	}
}

func TestExpiredInvitationIsRefused(t *testing.T) {
	e := newTestEnv(t)
	admin := e.browser()
	admin.signIn("admin@example.org")
	link := e.pathOf(admin.invite("late@example.org", "lead"))
	later := time.Now().Add(staff.InviteTTL + time.Minute)
	e.app.Store().SetClock(func() time.Time { return later })
	e.app.SetClock(func() time.Time { return later })
	b := e.browser()
	code, page := b.get(link)
	if code != http.StatusNotFound || !strings.Contains(page, "expired or already been used") {
		t.Fatalf("expired invitation: %d", code)
	}
	// Sessions keep the app's clock: three days on, the admin signs in again.
	admin = e.browser()
	admin.signIn("admin@example.org")
	_, list := admin.get("/admin/users")
	if !strings.Contains(list, "link expired") {
		t.Fatalf("the list does not say the link expired")
	}
	// A new link from the user's page works, and voids the old one.
	e.app.Store().SetClock(time.Now)
	e.app.SetClock(time.Now)
	id := e.userID("late@example.org")
	admin.get("/admin/users/" + id)
	code, _, page = admin.post("/admin/users/"+id+"/link", url.Values{})
	m := linkRE.FindStringSubmatch(page)
	if code != http.StatusOK || m == nil {
		t.Fatalf("new link: %d", code)
	}
	if code, _ := b.get(e.pathOf(html.UnescapeString(m[1]))); code != http.StatusOK {
		t.Fatalf("new link: %d", code)
	}
}

func TestDisabledUsersOldSessionCookieOpensNothing(t *testing.T) {
	e := newTestEnv(t)
	c := e.browser()
	c.signIn("counsellor@example.org")
	if code, _ := c.get("/clients"); code != http.StatusOK {
		t.Fatal(code)
	}
	admin := e.browser()
	admin.signIn("admin@example.org")
	id := e.userID("counsellor@example.org")
	admin.get("/admin/users/" + id)
	if code, _, _ := admin.post("/admin/users/"+id+"/disable", url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("disable: %d", code)
	}
	if n := e.sessionsOf("counsellor@example.org"); n != 0 {
		t.Fatalf("%d sessions left after disabling", n)
	}
	if code, _ := c.get("/clients"); code != http.StatusSeeOther {
		t.Fatalf("disabled user's old cookie: %d", code)
	}
	if code, _, _ := c.post("/clients", url.Values{"name": {"X"}}); code != http.StatusForbidden && code != http.StatusUnauthorized {
		t.Fatalf("disabled user's old cookie POST: %d", code)
	}
	d := e.browser()
	d.get("/login")
	// A disabled account answers its right password exactly as a wrong one,
	// so the answer does not confirm the password.
	wrongCode, _, wrongPage := d.post("/login", url.Values{"email": {"counsellor@example.org"}, "password": {"not the password at all"}})
	code, _, page := d.post("/login", url.Values{"email": {"counsellor@example.org"}, "password": {testPassword}})
	if code != wrongCode || code != http.StatusUnprocessableEntity || csrfRE.ReplaceAllString(page, "") != csrfRE.ReplaceAllString(wrongPage, "") {
		t.Fatalf("disabled sign-in with the right password: %d, wrong password: %d; pages differ: %v", code, wrongCode, page != wrongPage)
	}
	if strings.Contains(page, "disabled") {
		t.Fatal("the sign-in page says the account is disabled")
	}
	// Re-enabling does not bring the old session back.
	if code, _, _ := admin.post("/admin/users/"+id+"/enable", url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("enable: %d", code)
	}
	if code, _ := c.get("/clients"); code != http.StatusSeeOther {
		t.Fatalf("old cookie after re-enabling: %d", code)
	}
	d.signIn("counsellor@example.org")
}

func TestLastActiveAdminCannotBeDisabledOrDemoted(t *testing.T) {
	e := newTestEnv(t)
	admin := e.browser()
	admin.signIn("admin@example.org")
	id := e.userID("admin@example.org")
	admin.get("/admin/users/" + id)
	code, _, page := admin.post("/admin/users/"+id+"/disable", url.Values{})
	if code != http.StatusConflict || !strings.Contains(page, "last active administrator") {
		t.Fatalf("disable last admin: %d", code)
	}
	// Demoting themselves to counsellor is refused twice over: the last
	// admin, and a role that opens notes given to oneself.
	code, _, page = admin.post("/admin/users/"+id+"/roles", url.Values{"roles": {"counsellor"}})
	if (code != http.StatusConflict || !strings.Contains(page, "last active administrator")) && (code != http.StatusUnprocessableEntity || !strings.Contains(page, "cannot give yourself")) {
		t.Fatalf("demote last admin: %d", code)
	}
	// Nor may an admin give themselves a role that opens notes.
	code, _, page = admin.post("/admin/users/"+id+"/roles", url.Values{"roles": {"admin", "counsellor"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, "cannot give yourself") {
		t.Fatalf("self-grant of counsellor: %d", code)
	}
	u, _ := e.app.Store().UserByID(t.Context(), id)
	if u.Disabled || !u.HasRole("admin") {
		t.Fatalf("last admin changed: %+v", u)
	}
	// A pending (invited) admin does not count as active.
	admin.invite("second.admin@example.org", "admin")
	if code, _, _ := admin.post("/admin/users/"+id+"/roles", url.Values{"roles": {"lead"}}); code != http.StatusConflict {
		t.Fatalf("demoted with only an invited admin left: %d", code)
	}
	// With a second active admin, the first may step down.
	lead := e.userID("lead@example.org")
	if code, _, _ := admin.post("/admin/users/"+lead+"/roles", url.Values{"roles": {"lead", "admin"}}); code != http.StatusSeeOther {
		t.Fatalf("promote lead: %d", code)
	}
	// The first may not step down to a role that opens notes by their own
	// hand; the other admin moves them (no third admin to approve it).
	if code, _, _ := admin.post("/admin/users/"+id+"/roles", url.Values{"roles": {"counsellor"}}); code != http.StatusUnprocessableEntity {
		t.Fatalf("self-demotion to counsellor: %d", code)
	}
	l := e.browser()
	l.signIn("lead@example.org")
	l.get("/admin/users/" + id)
	if code, _, body := l.post("/admin/users/"+id+"/roles", url.Values{"roles": {"counsellor"}}); code != http.StatusSeeOther {
		t.Fatalf("demote with another admin: %d %s", code, body)
	}
	// The former admin now gets 404 on the admin pages.
	if code, _ := admin.get("/admin/users"); code != http.StatusNotFound {
		t.Fatalf("demoted admin on admin page: %d", code)
	}
	// And the new sole admin is protected in turn.
	l.get("/admin/users/" + lead)
	if code, _, _ := l.post("/admin/users/"+lead+"/disable", url.Values{}); code != http.StatusConflict {
		t.Fatalf("disable the new last admin: %d", code)
	}
}

func TestConcurrentSettingEditsTellTheSecondAdmin(t *testing.T) {
	e := newTestEnv(t)
	if err := e.app.Store().SetUserRoles(t.Context(), e.userID("lead@example.org"), access.RolesOf(access.Lead, access.Admin), store.Event{Type: "test"}); err != nil {
		t.Fatal(err)
	}
	a1, a2 := e.browser(), e.browser()
	a1.signIn("admin@example.org")
	a2.signIn("lead@example.org")
	_, p1 := a1.get("/admin/settings")
	_, p2 := a2.get("/admin/settings")
	if !strings.Contains(p1, `name="version" value="1"`) || !strings.Contains(p2, `name="version" value="1"`) {
		t.Fatal("the settings form does not carry its version")
	}
	form := func(idle string) url.Values {
		return url.Values{"idle_minutes": {idle}, "absolute_hours": {"12"}, "retention_years": {"7"}, "version": {"1"}}
	}
	if code, _, _ := a1.post("/admin/settings", form("45")); code != http.StatusSeeOther {
		t.Fatalf("first save: %d", code)
	}
	code, _, page := a2.post("/admin/settings", form("20"))
	if code != http.StatusConflict || !strings.Contains(page, "changed by someone else") {
		t.Fatalf("second save: %d\n%s", code, page)
	}
	if got := e.app.Settings().IdleTimeout; got != 45*time.Minute {
		t.Fatalf("idle timeout is %v, want the first admin's 45m", got)
	}
	// The second admin's input is kept, with the values now in force and
	// the new version, so saving again is a deliberate overwrite.
	if !strings.Contains(page, `id="idle_minutes" name="idle_minutes" type="text" inputmode="numeric" value="20"`) || !strings.Contains(page, "45 minutes") || !strings.Contains(page, `name="version" value="2"`) {
		t.Fatalf("conflict page:\n%s", page)
	}
	f := form("20")
	f.Set("version", "2")
	if code, _, _ := a2.post("/admin/settings", f); code != http.StatusSeeOther {
		t.Fatalf("save again: %d", code)
	}
	if got := e.app.Settings().IdleTimeout; got != 20*time.Minute {
		t.Fatalf("idle timeout is %v after saving again", got)
	}
	// Bad values are 422, with the input kept.
	bad := url.Values{"idle_minutes": {"0"}, "absolute_hours": {"lots"}, "retention_years": {"7"}, "version": {"3"}}
	if code, _, page := a1.post("/admin/settings", bad); code != http.StatusUnprocessableEntity || !strings.Contains(page, `value="lots"`) {
		t.Fatalf("bad settings: %d", code)
	}
}

func TestSettingsSurviveARestart(t *testing.T) {
	e := newTestEnv(t)
	if _, err := e.app.Admin.SaveSettings(t.Context(), core.Actor(core.StaffUser{ID: e.userID("admin@example.org"), Roles: access.RolesOf(access.Admin)}), core.SettingsForm{
		IdleMinutes: "15", AbsoluteHours: "8", TOTPRequired: true, RetentionYears: "10", Version: "1",
	}); err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(context.Background(), e.dir, "")
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	s := a.Settings()
	if s.IdleTimeout != 15*time.Minute || s.AbsoluteTimeout != 8*time.Hour || !s.TOTPRequired || s.RetentionYears != 10 || s.Version != 2 {
		t.Fatalf("settings after reopening: %+v", s)
	}
}

func TestIdleAndAbsoluteTimeoutsFollowTheSettings(t *testing.T) {
	e := newTestEnv(t)
	now := time.Now()
	e.app.SetClock(func() time.Time { return now })
	b := e.browser()
	b.signIn("counsellor@example.org")
	now = now.Add(20 * time.Minute)
	if code, _ := b.get("/clients"); code != http.StatusOK {
		t.Fatalf("20 minutes idle with a 30-minute timeout: %d", code)
	}
	s := e.app.Settings()
	s.IdleTimeout = 10 * time.Minute
	e.app.SetSettings(s)
	now = now.Add(11 * time.Minute)
	if code, _ := b.get("/clients"); code != http.StatusSeeOther {
		t.Fatalf("11 minutes idle with a 10-minute timeout: %d", code)
	}
	// Absolute: busy all along, but past the longest session.
	c := e.browser()
	c.signIn("counsellor@example.org")
	s.AbsoluteTimeout = time.Hour
	e.app.SetSettings(s)
	for i := 0; i < 7; i++ {
		now = now.Add(9 * time.Minute)
		c.get("/clients")
	}
	if code, _ := c.get("/clients"); code != http.StatusSeeOther {
		t.Fatalf("past the longest session: %d", code)
	}
}

func TestSignOutEverywhereAndTheSessionsList(t *testing.T) {
	e := newTestEnv(t)
	here, there, elsewhere := e.browser(), e.browser(), e.browser()
	for _, b := range []*browser{here, there, elsewhere} {
		b.signIn("counsellor@example.org")
	}
	_, page := here.get("/account")
	if strings.Count(page, "<tr><td>") != 3 || !strings.Contains(page, "(this browser)") {
		t.Fatalf("sessions list:\n%s", page)
	}
	if code, _, _ := here.post("/account/sessions/end-others", url.Values{}); code != http.StatusSeeOther {
		t.Fatal(code)
	}
	if code, _ := there.get("/clients"); code != http.StatusSeeOther {
		t.Fatalf("other session after 'sign out everywhere else': %d", code)
	}
	if code, _ := here.get("/clients"); code != http.StatusOK {
		t.Fatalf("this session after 'sign out everywhere else': %d", code)
	}
	elsewhere.signIn("counsellor@example.org")
	if code, loc, _ := here.post("/account/sessions/end-all", url.Values{}); code != http.StatusSeeOther || loc != "/login" {
		t.Fatalf("sign out everywhere: %d %q", code, loc)
	}
	for _, b := range []*browser{here, elsewhere} {
		if code, _ := b.get("/clients"); code != http.StatusSeeOther {
			t.Fatalf("a session survived 'sign out everywhere': %d", code)
		}
	}
	if n := e.sessionsOf("counsellor@example.org"); n != 0 {
		t.Fatalf("%d sessions left", n)
	}
}

func TestPasswordResetAndTOTPResetEndEverySession(t *testing.T) {
	e := newTestEnv(t)
	c := e.browser()
	c.signIn("counsellor@example.org")
	c.enrolTOTP()
	admin := e.browser()
	admin.signIn("admin@example.org")
	id := e.userID("counsellor@example.org")
	admin.get("/admin/users/" + id)
	if code, _, _ := admin.post("/admin/users/"+id+"/totp-reset", url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("TOTP reset: %d", code)
	}
	if code, _ := c.get("/clients"); code != http.StatusSeeOther {
		t.Fatalf("session after TOTP reset: %d", code)
	}
	c.signIn("counsellor@example.org") // password alone again
	_, page := c.get("/account")
	if !strings.Contains(page, "Two-step sign-in is <strong>off</strong>") {
		t.Fatal("TOTP still on after reset")
	}
	code, _, page := admin.post("/admin/users/"+id+"/link", url.Values{})
	m := linkRE.FindStringSubmatch(page)
	if code != http.StatusOK || m == nil || !strings.Contains(page, "Password reset link") {
		t.Fatalf("reset link: %d", code)
	}
	u, _ := url.Parse(html.UnescapeString(m[1]))
	token := u.Query().Get("token")
	anon := e.browser()
	anon.get(e.pathOf(html.UnescapeString(m[1])))
	if code, _, _ := anon.post("/set-password", url.Values{"token": {token}, "password": {"a brand new passphrase"}, "password_confirm": {"a brand new passphrase"}}); code != http.StatusSeeOther {
		t.Fatalf("use reset link: %d", code)
	}
	if code, _ := c.get("/clients"); code != http.StatusSeeOther {
		t.Fatalf("session after password reset: %d", code)
	}
	anon.get("/login")
	if code, _, _ := anon.post("/login", url.Values{"email": {"counsellor@example.org"}, "password": {"a brand new passphrase"}}); code != http.StatusSeeOther {
		t.Fatalf("sign in with the new password: %d", code)
	}
}

func TestAdminPagesAre404ForEveryoneElse(t *testing.T) {
	e := newTestEnv(t)
	for _, who := range []string{"counsellor@example.org", "lead@example.org"} {
		b := e.browser()
		b.signIn(who)
		for _, p := range []string{"/admin", "/admin/users", "/admin/settings", "/admin/audit", "/admin/audit/checkpoint", "/admin/keys", "/admin/retention", "/admin/users/" + e.userID(who)} {
			if code, _ := b.get(p); code != http.StatusNotFound {
				t.Errorf("%s GET %s: %d", who, p, code)
			}
		}
		b.get("/clients")
		for _, p := range []string{"/admin/users", "/admin/settings", "/admin/keys/rotate", "/admin/users/" + e.userID(who) + "/roles"} {
			if code, _, _ := b.post(p, url.Values{"roles": {"admin"}, "password": {testPassword}}); code != http.StatusNotFound {
				t.Errorf("%s POST %s: %d", who, p, code)
			}
		}
	}
	if u, _ := e.app.Store().UserByEmail(t.Context(), "counsellor@example.org"); u.HasRole("admin") {
		t.Fatal("a counsellor made themself admin")
	}
}

func TestAdminChangesAreAudited(t *testing.T) {
	e := newTestEnv(t)
	admin := e.browser()
	admin.signIn("admin@example.org")
	admin.invite("audited@example.org", "counsellor")
	id := e.userID("lead@example.org")
	admin.get("/admin/users/" + id)
	admin.post("/admin/users/"+id+"/roles", url.Values{"roles": {"lead", "counsellor"}})
	admin.post("/admin/users/"+id+"/disable", url.Values{})
	admin.post("/admin/users/"+id+"/enable", url.Values{})
	admin.get("/admin/settings")
	admin.post("/admin/settings", url.Values{"idle_minutes": {"30"}, "absolute_hours": {"12"}, "retention_years": {"8"}, "version": {"1"}})
	for _, ev := range []string{"user.invite", "user.roles", "user.disable", "user.enable", "settings.change"} {
		es, err := e.app.Store().ListAudit(t.Context(), store.AuditFilter{Event: ev})
		if err != nil || len(es) != 1 {
			t.Errorf("%s: %d entries (%v)", ev, len(es), err)
		}
	}
}

func TestAuditViewFiltersPagesAndChecksTheChain(t *testing.T) {
	e := newTestEnv(t)
	for i := 0; i < 3; i++ {
		e.browser().signIn("counsellor@example.org")
	}
	admin := e.browser()
	admin.signIn("admin@example.org")
	cid := e.userID("counsellor@example.org")
	code, page := admin.get("/admin/audit?event=signin.success&user=" + cid)
	if code != http.StatusOK || strings.Count(page, "Test counsellor signed in.") != 3 || strings.Count(page, "<li value=") != 3 {
		t.Fatalf("filtered audit: %d, %d rows\n%s", code, strings.Count(page, "<li value="), page)
	}
	if strings.Contains(page, "signin.success<") || strings.Contains(page, ">"+cid) {
		t.Error("the audit view shows a raw event code or id")
	}
	today := time.Now().Format("2006-01-02")
	if _, page := admin.get("/admin/audit?from=" + today + "&to=" + today); !strings.Contains(page, "signed in.") {
		t.Fatal("today's entries missing from a date filter")
	}
	if _, page := admin.get("/admin/audit?to=2000-01-01"); !strings.Contains(page, "No entries match") {
		t.Fatal("a date filter in the past shows entries")
	}
	if code, _ := admin.get("/admin/audit?from=yesterday"); code != http.StatusUnprocessableEntity {
		t.Fatalf("malformed date: %d", code)
	}
	// Pagination: 60 more entries make two pages.
	for i := 0; i < 60; i++ {
		if err := e.app.Store().Audit(t.Context(), store.Event{Type: "test.filler", ActorID: "test", Subject: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	_, p1 := admin.get("/admin/audit?event=test.filler")
	_, p2 := admin.get("/admin/audit?event=test.filler&page=2")
	if strings.Count(p1, "<li value=") != auditPageSize || !strings.Contains(p1, "Older entries") {
		t.Fatal("page 1 of the audit log is wrong")
	}
	if strings.Count(p2, "<li value=") != 10 || !strings.Contains(p2, "Newer entries") || strings.Contains(p2, "Older entries") {
		t.Fatal("page 2 of the audit log is wrong")
	}
	code, _, page = admin.post("/admin/audit/verify", url.Values{})
	if code != http.StatusOK || !strings.Contains(page, "The audit log is intact") {
		t.Fatalf("chain check: %d", code)
	}
}

func TestAdminDownloadsAnAuditCheckpointAndTheDownloadIsAudited(t *testing.T) {
	e := newTestEnv(t)
	admin := e.browser()
	admin.signIn("admin@example.org")
	if _, page := admin.get("/admin/audit"); !strings.Contains(page, `href="/admin/audit/checkpoint"`) {
		t.Fatal("the audit page does not offer the checkpoint")
	}
	code, body := admin.get("/admin/audit/checkpoint")
	if code != http.StatusOK {
		t.Fatalf("checkpoint: %d", code)
	}
	cp, err := audit.ParseCheckpoint(strings.NewReader(body))
	if err != nil {
		t.Fatalf("the download is not a checkpoint: %v\n%s", err, body)
	}
	es, _ := e.app.Store().ListAudit(t.Context(), store.AuditFilter{Event: audit.Checkpointed})
	if len(es) != 1 || es[0].ActorID != e.userID("admin@example.org") || es[0].Seq != cp.Seq+1 {
		t.Fatalf("the download's audit entry: %+v (checkpoint at %d)", es, cp.Seq)
	}
	if _, p, err := e.app.Store().VerifyAuditAgainst(t.Context(), cp); err != nil || p != nil {
		t.Fatalf("the log does not verify against its own checkpoint: %v %v", p, err)
	}
}

func TestAdminRotatesTheVaultKeyWhileServing(t *testing.T) {
	e := newTestEnv(t)
	c := e.browser()
	c.signIn("counsellor@example.org")
	client := c.addClient("Rotated Person")
	c.addNote(client, "2026-01-05", "Written before the rotation.")
	before, _ := vault.ReadKeyFile(e.dir, "")

	admin := e.browser()
	admin.signIn("admin@example.org")
	admin.get("/admin/keys")
	code, _, page := admin.post("/admin/keys/rotate", url.Values{"password": {"not my password"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, "Nothing was changed") {
		t.Fatalf("rotate with a wrong password: %d", code)
	}
	if now, _ := vault.ReadKeyFile(e.dir, ""); now.Recipient() != before.Recipient() {
		t.Fatal("the key changed after a wrong password")
	}
	if code, _, _ := admin.post("/admin/keys/rotate", url.Values{"password": {testPassword}}); code != http.StatusSeeOther {
		t.Fatalf("rotate: %d", code)
	}
	after, err := vault.ReadKeyFile(e.dir, "")
	if err != nil || after.Recipient() == before.Recipient() || e.app.VaultRecipient() != after.Recipient() {
		t.Fatalf("key file and running keyring disagree after rotation (%v)", err)
	}
	// The running server reads and writes with the new key...
	_, page = c.get(client)
	if !strings.Contains(page, "Written before the rotation.") || !strings.Contains(page, "Rotated Person") {
		t.Fatal("the client page is unreadable after rotation")
	}
	c.addNote(client, "2026-01-06", "Written after the rotation.")
	c.addClient("Added After Rotation")
	// ...and so does a fresh start from the directory.
	a, err := app.Open(context.Background(), e.dir, "")
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	cs, err := a.Clients.ListClients(t.Context(), core.Actor(core.StaffUser{ID: e.userID("counsellor@example.org"), Roles: access.RolesOf(access.Counsellor)}), "")
	if err != nil || len(cs) != 2 || cs[0].Name == "" || cs[1].Name == "" { // "" is a name not decrypted
		t.Fatalf("after restart: %+v %v", cs, err)
	}
	if es, _ := e.app.Store().ListAudit(t.Context(), store.AuditFilter{Event: "key.rotate"}); len(es) != 1 || es[0].ActorID != e.userID("admin@example.org") {
		t.Fatalf("rotation audit: %+v", es)
	}
	if _, err := filepath.Glob(filepath.Join(e.dir, "vault.key.new")); err != nil {
		t.Fatal(err)
	}
}

func TestAdminShredsAClientPastRetention(t *testing.T) {
	e := newTestEnv(t)
	c := e.browser()
	c.signIn("counsellor@example.org")
	old := c.addClient("Old Client")
	c.addNote(old, "2015-03-02", "A session long ago.")
	recent := c.addClient("Recent Client")
	c.addNote(recent, time.Now().Format("2006-01-02"), "A session today.")
	oldID := strings.TrimPrefix(old, "/clients/")

	admin := e.browser()
	admin.signIn("admin@example.org")
	_, list := admin.get("/admin/retention")
	if !strings.Contains(list, "/admin/retention/"+oldID) || strings.Contains(list, strings.TrimPrefix(recent, "/clients/")) {
		t.Fatalf("retention list:\n%s", list)
	}
	if strings.Contains(list, "Old Client") {
		t.Fatal("the retention list shows a client's name")
	}
	if code, _ := admin.get("/admin/retention/" + strings.TrimPrefix(recent, "/clients/")); code != http.StatusNotFound {
		t.Fatalf("a client within retention: %d", code)
	}
	code, page := admin.get("/admin/retention/" + oldID)
	if code != http.StatusOK || !strings.Contains(page, "Backups taken before today still hold the client") {
		t.Fatalf("confirmation page: %d", code)
	}
	if code, _, _ := admin.post("/admin/retention/"+oldID+"/shred", url.Values{"reference": {"C-wrong"}, "password": {testPassword}}); code != http.StatusUnprocessableEntity {
		t.Fatalf("wrong reference: %d", code)
	}
	ref := e.reference(oldID)
	if code, _, _ := admin.post("/admin/retention/"+oldID+"/shred", url.Values{"reference": {ref}, "password": {"wrong password!"}}); code != http.StatusUnprocessableEntity {
		t.Fatalf("wrong password: %d", code)
	}
	if code, _, _ := admin.post("/admin/retention/"+oldID+"/shred", url.Values{"reference": {ref}, "password": {testPassword}}); code != http.StatusSeeOther {
		t.Fatalf("shred: %d", code)
	}
	if code, _ := c.get(old); code != http.StatusNotFound {
		t.Fatalf("shredded client's page: %d", code)
	}
	if _, page := c.get("/clients"); strings.Contains(page, "Old Client") || !strings.Contains(page, "Recent Client") {
		t.Fatal("client list after shredding is wrong")
	}
	es, _ := e.app.Store().ListAudit(t.Context(), store.AuditFilter{Event: "client.shred"})
	if len(es) != 1 || es[0].Subject != oldID || es[0].Detail != "" {
		t.Fatalf("shred audit: %+v", es)
	}
	if code, _, _ := admin.post("/admin/retention/"+oldID+"/shred", url.Values{"reference": {ref}, "password": {testPassword}}); code != http.StatusNotFound {
		t.Fatalf("shredding twice: %d", code)
	}
}

func TestRetentionListShowsAHoldInsteadOfAShredLink(t *testing.T) {
	e := newTestEnv(t)
	c := e.browser()
	c.signIn("counsellor@example.org")
	old := c.addClient("Held Client")
	c.addNote(old, "2015-03-02", "A session long ago.")
	oldID := strings.TrimPrefix(old, "/clients/")
	r := store.Request{ClientID: oldID, Kind: "victim_information_request", Status: "checked", Verdict: "compliant",
		ReceivedOn: "2026-03-10", RecordEnc: []byte("x"), CreatedBy: e.userID("counsellor@example.org"), ClientVisible: true}
	if err := e.app.Store().CreateRequest(t.Context(), &r, nil, "checked"); err != nil {
		t.Fatal(err)
	}
	admin := e.browser()
	admin.signIn("admin@example.org")
	_, list := admin.get("/admin/retention")
	if !strings.Contains(list, e.reference(oldID)) || strings.Contains(list, `href="/admin/retention/`+oldID+`"`) {
		t.Fatalf("a held client is offered for shredding:\n%s", list)
	}
	if !strings.Contains(list, "still open, so their records are under a preservation hold") {
		t.Fatalf("the retention list does not say why the client cannot be shredded:\n%s", list)
	}
}

// reference reads a client's reference (the admin sees it on the page; the
// test takes it from the store).
func (e *testEnv) reference(clientID string) string {
	e.t.Helper()
	refs, err := e.app.Store().ClientReferences(e.t.Context())
	if err != nil {
		e.t.Fatal(err)
	}
	return refs[clientID]
}
