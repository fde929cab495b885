package app_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"confidant/internal/app"

	"confidant/internal/store"
)

// lockDatabase makes the vault's database busy for every other connection,
// readers too (WAL lets readers past a mere write lock): the app keeps no
// idle connection, and a second connection takes the file in exclusive
// locking mode and holds a write transaction until the returned release is
// called (or the test ends). Each read then waits out the busy timeout.
func lockDatabase(t *testing.T, a *app.App, dir string) (release func()) {
	t.Helper()
	a.Store().KeepNoIdleConnections()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, store.DBFile)+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"PRAGMA locking_mode = EXCLUSIVE", "BEGIN IMMEDIATE", "UPDATE meta SET value = value WHERE key = ''"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	done := false
	release = func() {
		if done {
			return
		}
		done = true
		conn.ExecContext(ctx, "ROLLBACK")
		conn.Close()
		db.Close()
	}
	t.Cleanup(release)
	return release
}
