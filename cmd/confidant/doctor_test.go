package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"database/sql"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"confidant/internal/app"
	"confidant/internal/app/apptest"
	"confidant/internal/app/core"
	"confidant/internal/app/delivery"
	"confidant/internal/mail/mailtest"
	"confidant/internal/store"
	"confidant/internal/vault"
	"confidant/internal/web"
)

// deployment is a working install in miniature: a vault, the web app over
// TLS with a certificate made here, a mail relay on loopback, and a fresh
// backup beside the data directory, as deploy/ lays them out.
type deployment struct {
	dir, backups, backup string
	app                  *app.App
	public               string
	cert                 testCert
	doctor               *doctor
}

func setSMTP(t *testing.T, a *app.App, port int) {
	t.Helper()
	ctx := context.Background()
	admin := core.Actor(apptest.Staff(t, a, apptest.AdminEmail))
	page, err := a.Delivery.Relay(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Delivery.SaveSMTPSettings(ctx, admin, delivery.SMTPForm{Host: "127.0.0.1", Port: strconv.Itoa(port), Security: "none", From: "noreply@example.org", Version: page.Form().Version}); err != nil {
		t.Fatal(err)
	}
}

func newDeployment(t *testing.T, certValid time.Duration, certHosts ...string) *deployment {
	t.Helper()
	ctx := context.Background()
	root := t.TempDir()
	dep := &deployment{dir: filepath.Join(root, "data"), backups: filepath.Join(root, "backups")}
	cheap := apptest.FastParams
	if _, err := app.Init(ctx, app.InitOptions{Dir: dep.dir, AdminEmail: "admin@example.org", AdminPass: e2ePassword, KeyType: vault.Classic, Params: cheap}); err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(ctx, dep.dir, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	dep.app = a
	setSMTP(t, a, mailtest.NewServer(t).Port)

	srv, err := web.New(a, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	dep.cert = makeCert(t, root, "site", "site", time.Now().Add(certValid), certHosts...)
	pair, err := tls.LoadX509KeyPair(dep.cert.certFile, dep.cert.keyFile)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(srv)
	ts.TLS = &tls.Config{Certificates: []tls.Certificate{pair}}
	ts.StartTLS()
	t.Cleanup(ts.Close)
	u, err := web.ParsePublicURL(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	srv.Public = web.Public{URL: u}
	dep.public = ts.URL

	if err := os.Mkdir(dep.backups, 0o700); err != nil {
		t.Fatal(err)
	}
	dep.backup = filepath.Join(dep.backups, "confidant-20261203T023000.000000000Z.age")
	var out, errb bytes.Buffer
	if code := run(ctx, env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }},
		[]string{"backup", "--data", dep.dir, "--out", dep.backup}); code != 0 {
		t.Fatalf("backup: %d %s", code, errb.String())
	}

	dep.doctor = newDoctor(dep.dir, dep.public, "")
	dep.doctor.roots = x509.NewCertPool()
	dep.doctor.roots.AddCert(dep.cert.cert)
	dep.doctor.minFree = 1
	return dep
}

func TestDoctorFindsEachProblemWithItsFix(t *testing.T) {
	for _, tc := range []struct {
		name      string
		certValid time.Duration
		certHosts []string
		breakIt   func(t *testing.T, dep *deployment)
		want      string // in the one problem found; "" for none
	}{
		{name: "healthy deployment", want: ""},
		{name: "data directory open to others", breakIt: func(t *testing.T, dep *deployment) { os.Chmod(dep.dir, 0o755) }, want: "chmod 700 "},
		{name: "vault key readable by others", breakIt: func(t *testing.T, dep *deployment) { os.Chmod(filepath.Join(dep.dir, vault.KeyFile), 0o644) }, want: "chmod 600 "},
		{name: "certificate near expiry", certValid: 5 * 24 * time.Hour, want: "expires on"},
		{name: "certificate for another name", certHosts: []string{"other.example.org"}, want: "names other.example.org, not 127.0.0.1"},
		{name: "certificate from an unknown authority", breakIt: func(t *testing.T, dep *deployment) { dep.doctor.roots = x509.NewCertPool() }, want: "not signed by an authority"},
		{name: "public address unreachable", breakIt: func(t *testing.T, dep *deployment) {
			dep.doctor.publicURL = "https://127.0.0.1:" + strconv.Itoa(freePort(t))
		}, want: "cannot be reached"},
		{name: "public address plain http", breakIt: func(t *testing.T, dep *deployment) { dep.doctor.publicURL = "http://records.example.org" }, want: "plain http"},
		{name: "mail relay unreachable", breakIt: func(t *testing.T, dep *deployment) { setSMTP(t, dep.app, freePort(t)) }, want: "does not answer"},
		{name: "newest backup too old", breakIt: func(t *testing.T, dep *deployment) {
			old := time.Now().Add(-72 * time.Hour)
			os.Chtimes(dep.backup, old, old)
		}, want: "hours old"},
		{name: "no backups", breakIt: func(t *testing.T, dep *deployment) { os.Remove(dep.backup) }, want: "no backup in"},
		{name: "no backup directory", breakIt: func(t *testing.T, dep *deployment) { os.RemoveAll(dep.backups) }, want: "confidant-backup.timer"},
		{name: "audit chain edited", breakIt: func(t *testing.T, dep *deployment) {
			db, err := sql.Open("sqlite3", "file:"+filepath.Join(dep.dir, store.DBFile)+"?_busy_timeout=5000")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for _, q := range []string{`DROP TRIGGER audit_no_update`, `UPDATE audit_log SET detail = detail || ' (edited)' WHERE id = (SELECT MIN(id) FROM audit_log)`} {
				if _, err := db.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
		}, want: "audit log is broken"},
		{name: "disk nearly full", breakIt: func(t *testing.T, dep *deployment) { dep.doctor.minFree = 1 << 62 }, want: "MiB free"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			valid, hosts := tc.certValid, tc.certHosts
			if valid == 0 {
				valid = 90 * 24 * time.Hour
			}
			if hosts == nil {
				hosts = []string{"127.0.0.1", "localhost"}
			}
			dep := newDeployment(t, valid, hosts...)
			if tc.breakIt != nil {
				tc.breakIt(t, dep)
			}
			problems, _ := dep.doctor.run(context.Background())
			if tc.want == "" {
				if len(problems) != 0 {
					t.Fatalf("problems in a healthy deployment: %q", problems)
				}
				return
			}
			if len(problems) != 1 || !strings.Contains(problems[0].what+" Fix: "+problems[0].fix, tc.want) || problems[0].fix == "" {
				t.Fatalf("want one problem saying %q, got %q", tc.want, problems)
			}
		})
	}
}

func TestDoctorCommandPrintsOneLinePerProblemAndExits1(t *testing.T) {
	dep := newDeployment(t, 90*24*time.Hour, "127.0.0.1")
	os.Chmod(dep.dir, 0o750)
	// The command trusts only the system's authorities, which never
	// signed the test's certificate: a second problem.
	var out, errb bytes.Buffer
	e := env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code := run(context.Background(), e, []string{"doctor", "--data", dep.dir, "--public-url", dep.public})
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var problems []string
	for _, l := range lines {
		if strings.HasPrefix(l, "PROBLEM: ") {
			problems = append(problems, l)
			if !strings.Contains(l, ". Fix: ") {
				t.Errorf("problem without its fix: %q", l)
			}
		}
	}
	if code != 1 || len(problems) != 2 || !strings.Contains(errb.String(), "2 problem(s)") {
		t.Fatalf("exit %d, problems %q\nstdout:\n%s\nstderr:\n%s", code, problems, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "note: the vault key is unattended") {
		t.Errorf("no note on the key's protection:\n%s", out.String())
	}

	out.Reset()
	errb.Reset()
	if code := run(context.Background(), e, []string{"doctor", "-h"}); code != 0 || !strings.Contains(errb.String(), "--backups") || !strings.Contains(errb.String(), "--public-url") {
		t.Fatalf("doctor -h: %d\n%s", code, errb.String())
	}
}
