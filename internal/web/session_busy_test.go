package web

import (
	"context"
	"database/sql"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"confidant/internal/store"
)

// lockForReaders makes the vault's database busy for readers too (WAL lets
// them past a mere write lock): the app keeps no idle connection, and a
// second connection holds the file in exclusive locking mode until release.
func (e *testEnv) lockForReaders() (release func()) {
	e.t.Helper()
	e.app.Store().KeepNoIdleConnections()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(e.dir, store.DBFile)+"?_busy_timeout=5000")
	if err != nil {
		e.t.Fatal(err)
	}
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, q := range []string{"PRAGMA locking_mode = EXCLUSIVE", "BEGIN IMMEDIATE", "UPDATE meta SET value = value WHERE key = ''"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			e.t.Fatalf("%s: %v", q, err)
		}
	}
	done := false
	release = func() {
		if !done {
			done = true
			conn.ExecContext(ctx, "ROLLBACK")
			conn.Close()
			db.Close()
		}
	}
	e.t.Cleanup(release)
	return release
}

// A session the busy database cannot read is answered 503 with Retry-After,
// not treated as signed out (no sign-in page, the cookie kept) and not a
// 500; once the database answers, the same session goes on.
func TestABusyDatabaseAnswers503AndKeepsTheStaffSignedIn(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.signIn("counsellor@example.org")
	release := e.lockForReaders()
	resp, err := b.c.Get(e.ts.URL + "/account")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("busy database: %d, Retry-After %q, Location %q", resp.StatusCode, resp.Header.Get("Retry-After"), resp.Header.Get("Location"))
	}
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie {
			t.Fatalf("the session cookie was changed: %+v", c)
		}
	}
	release()
	if code, page := b.get("/account"); code != http.StatusOK || !strings.Contains(page, "counsellor@example.org") {
		t.Fatalf("after the lock: %d\n%s", code, page)
	}
}

// The portal likewise: a busy database is 503 with Retry-After, never the
// client signed out.
func TestABusyDatabaseAnswers503AndKeepsTheClientSignedIn(t *testing.T) {
	e := newTestEnv(t)
	mail := startMail(t, e)
	counsellor := e.browser()
	counsellor.signIn("counsellor@example.org")
	client := portalClient(t, e, mail, counsellor, counsellor.addClient("Robin Client"))
	release := e.lockForReaders()
	resp, err := client.c.Get(e.ts.URL + "/portal/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("busy database: %d, Retry-After %q, Location %q", resp.StatusCode, resp.Header.Get("Retry-After"), resp.Header.Get("Location"))
	}
	release()
	if code, page := client.get("/portal/"); code != http.StatusOK || !strings.Contains(page, `id="exit-this-page"`) {
		t.Fatalf("after the lock: %d\n%s", code, page)
	}
}

// The health check says a busy database is busy: 503 with Retry-After.
func TestHealthCheckOnABusyDatabaseAsksToRetry(t *testing.T) {
	e := newTestEnv(t)
	e.lockForReaders()
	resp, err := http.Get(e.ts.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("healthz on a busy database: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}
