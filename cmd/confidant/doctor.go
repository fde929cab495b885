package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"confidant/internal/app"
	"confidant/internal/app/keys"
	"confidant/internal/mail"
	"confidant/internal/store"
	"confidant/internal/vault"
	"confidant/internal/web"
)

const doctorSynopsis = `doctor --data DIR [--public-url https://HOST] [--backups DIR]

Checks a deployment and prints one line per problem with its fix; exit 1 if
there is any. Run it as the service's user (sudo -u confidant ...), so that
it opens the database as serve does. It checks: the permissions of the data
directory and the vault key, how the key is protected, the public address
and its certificate, the mail relay, the newest backup, the audit chain and
free disk space.`

func runDoctor(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "doctor", doctorSynopsis)
	data := fs.String("data", "", "data directory of the vault (or CONFIDANT_DATA)")
	public := fs.String("public-url", "", "the public address to check, like https://records.example.org (or CONFIDANT_PUBLIC_URL)")
	backups := fs.String("backups", "", "directory of the daily backups (default: backups beside DIR, where deploy/confidant-backup.service writes them)")
	_ = fs.String("passphrase-file", "", "accepted for symmetry; the checks need no key")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	dir, err := dataDir(e, *data)
	if err != nil {
		return err
	}
	if *public == "" {
		*public = e.getenv("CONFIDANT_PUBLIC_URL")
	}
	d := newDoctor(dir, *public, *backups)
	problems, notes := d.run(ctx)
	for _, n := range notes {
		fmt.Fprintf(e.stdout, "note: %s\n", n)
	}
	for _, p := range problems {
		fmt.Fprintf(e.stdout, "PROBLEM: %s. Fix: %s.\n", p.what, p.fix)
	}
	if len(problems) > 0 {
		return &exitError{code: 1, err: fmt.Errorf("%d problem(s) found", len(problems))}
	}
	fmt.Fprintln(e.stdout, "no problems found")
	return nil
}

// doctor holds what the checks look at, and their thresholds.
type doctor struct {
	dir, publicURL, backups string
	now                     func() time.Time
	roots                   *x509.CertPool // nil: the system's
	certWarn                time.Duration  // a certificate closer than this to expiry is a problem
	backupAge               time.Duration  // the newest backup must be younger
	minFree                 uint64         // bytes free on the data directory's file system
}

func newDoctor(dir, publicURL, backups string) *doctor {
	if backups == "" {
		backups = filepath.Join(filepath.Dir(filepath.Clean(dir)), "backups")
	}
	return &doctor{dir: dir, publicURL: publicURL, backups: backups, now: time.Now,
		certWarn: 21 * 24 * time.Hour, backupAge: 36 * time.Hour, minFree: 1 << 30}
}

type problem struct{ what, fix string }

// run makes every check and returns the problems, and notes that are not
// problems but worth knowing.
func (d *doctor) run(ctx context.Context) (problems []problem, notes []string) {
	add := func(ps ...problem) { problems = append(problems, ps...) }
	ownDB, ps := d.checkDataDir()
	add(ps...)
	if !keys.HasVault(d.dir) {
		return problems, notes
	}
	if sealed, err := vault.SealedKeyFile(d.dir); err == nil && sealed {
		notes = append(notes, "the vault key is sealed with a passphrase: serve needs --passphrase-file (or a person) to start")
	} else if err == nil {
		notes = append(notes, "the vault key is unattended (protected by file permissions only): anyone who can read the data directory can read the records, so keep it 0700 and its backups off this machine")
	}
	pn, ps := d.checkPublicURL(ctx)
	notes = append(notes, pn...)
	add(ps...)
	if ownDB {
		db, keyed, err := d.openDB(ctx)
		if err != nil {
			add(problem{fmt.Sprintf("the database does not open: %v", err), "check the data directory's owner and permissions, or restore from a backup"})
		} else {
			add(d.checkSMTP(ctx, db)...)
			add(d.checkAudit(ctx, db)...)
			if !keyed {
				notes = append(notes, "the audit log's hash chain was checked, not its MACs (the vault key is sealed or did not open): confidant audit verify --passphrase-file FILE checks them")
			}
			db.Close()
		}
	}
	add(d.checkBackups()...)
	add(d.checkDisk()...)
	return problems, notes
}

// checkDataDir: the directory and what holds secrets are the owner's
// alone. ownDB is false when doctor runs as someone else, who must not open
// the database (SQLite would leave files the service cannot open).
func (d *doctor) checkDataDir() (ownDB bool, ps []problem) {
	fi, err := os.Stat(d.dir)
	if err != nil {
		return false, []problem{{fmt.Sprintf("the data directory %s cannot be read: %v", d.dir, errors.Unwrap(err)), "give the right --data, or create the vault with confidant init"}}
	}
	if !keys.HasVault(d.dir) {
		return false, []problem{{fmt.Sprintf("%s holds no vault", d.dir), "give the right --data (deploy/confidant.service uses /var/lib/confidant/data)"}}
	}
	if m := fi.Mode().Perm(); m&0o077 != 0 {
		ps = append(ps, problem{fmt.Sprintf("the data directory %s is mode %04o, open to others", d.dir, m), "chmod 700 " + d.dir})
	}
	owner := ownerOf(fi)
	for _, name := range []string{vault.KeyFile, store.DBFile, store.DBFile + "-wal", store.DBFile + "-shm", "acme"} {
		p := filepath.Join(d.dir, name)
		f, err := os.Stat(p)
		if err != nil {
			continue
		}
		if m := f.Mode().Perm(); m&0o077 != 0 {
			mode := "600"
			if f.IsDir() {
				mode = "700"
			}
			ps = append(ps, problem{fmt.Sprintf("%s is mode %04o, open to others", p, m), "chmod " + mode + " " + p})
		}
		if o := ownerOf(f); o != owner {
			ps = append(ps, problem{fmt.Sprintf("%s belongs to uid %d, not to the data directory's owner (uid %d)", p, o, owner), fmt.Sprintf("chown -R %d %s", owner, d.dir)})
		}
	}
	if uint32(os.Geteuid()) != owner {
		ps = append(ps, problem{fmt.Sprintf("doctor runs as uid %d, not as the data directory's owner (uid %d), so it did not open the database (SMTP and audit checks skipped)", os.Geteuid(), owner),
			"run it as the service's user: sudo -u confidant confidant doctor --data " + d.dir})
		return false, ps
	}
	return true, ps
}

func ownerOf(fi os.FileInfo) uint32 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Uid
	}
	return 0
}

// checkPublicURL fetches /healthz at the public address as a browser would:
// the certificate must be trusted, name the host and not be near expiry;
// HSTS must be sent.
func (d *doctor) checkPublicURL(ctx context.Context) (notes []string, ps []problem) {
	if d.publicURL == "" {
		return []string{"the public address was not checked: give --public-url (or CONFIDANT_PUBLIC_URL)"}, nil
	}
	u, err := web.ParsePublicURL(d.publicURL)
	if err != nil {
		return nil, []problem{{fmt.Sprintf("the public URL %q is not usable: %v", d.publicURL, err), "give it as https://HOST, the same as serve's --public-url"}}
	}
	if u.Scheme != "https" {
		if ip := net.ParseIP(u.Hostname()); (ip != nil && ip.IsLoopback()) || u.Hostname() == "localhost" {
			return []string{"the public address is plain http on this machine: fine for trying Confidant, not for real records"}, nil
		}
		return nil, []problem{{fmt.Sprintf("the public address %s is plain http: passwords and notes would cross the network readable", u), "serve it over https (docs/operations.md) and give --public-url https://" + u.Host}}
	}
	hc := &http.Client{
		Timeout:       15 * time.Second,
		Transport:     &http.Transport{TLSClientConfig: &tls.Config{RootCAs: d.roots}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u.String()+"/healthz", nil)
	resp, err := hc.Do(req)
	if err != nil {
		return nil, []problem{certProblem(u.Hostname(), err)}
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		ps = append(ps, problem{fmt.Sprintf("%s/healthz answered %s", u, resp.Status), "check that serve runs (systemctl status confidant) and that the proxy passes requests to it"})
	}
	if resp.TLS != nil && len(resp.TLS.PeerCertificates) > 0 {
		c := resp.TLS.PeerCertificates[0]
		if left := c.NotAfter.Sub(d.now()); left < d.certWarn {
			ps = append(ps, problem{fmt.Sprintf("the certificate for %s expires on %s, in %d days", u.Hostname(), c.NotAfter.UTC().Format("2 January 2006"), int(left.Hours()/24)),
				"renew it; certificates from ACME (certbot, Caddy, --acme-domain) renew 30 days ahead, so check that renewal runs"})
		}
	}
	if resp.StatusCode == http.StatusOK && resp.Header.Get("Strict-Transport-Security") == "" {
		ps = append(ps, problem{fmt.Sprintf("%s sends no Strict-Transport-Security header", u), "give serve --public-url " + u.String() + " so it sends HSTS, and let the proxy pass the header on"})
	}
	return nil, ps
}

func certProblem(host string, err error) problem {
	var hostErr x509.HostnameError
	var authErr x509.UnknownAuthorityError
	var invErr x509.CertificateInvalidError
	switch {
	case errors.As(err, &hostErr):
		names := append([]string{}, hostErr.Certificate.DNSNames...)
		for _, ip := range hostErr.Certificate.IPAddresses {
			names = append(names, ip.String())
		}
		return problem{fmt.Sprintf("the certificate served for %s names %s, not %s", host, strings.Join(names, ", "), host), "get a certificate for " + host + " (certbot -d " + host + ", or serve --acme-domain " + host + ")"}
	case errors.As(err, &authErr):
		return problem{fmt.Sprintf("the certificate served for %s is not signed by an authority browsers trust (self-signed?)", host), "use a certificate from a public authority, such as Let's Encrypt (docs/operations.md)"}
	case errors.As(err, &invErr) && invErr.Reason == x509.Expired:
		return problem{fmt.Sprintf("the certificate served for %s has expired", host), "renew it, and check that automatic renewal runs"}
	}
	return problem{fmt.Sprintf("https://%s/healthz cannot be reached: %v", host, err), "check DNS, the firewall (port 443 open), and that serve and the proxy run"}
}

// checkSMTP greets the relay saved in the database, as the outbox would.
func (d *doctor) checkSMTP(ctx context.Context, db *store.DB) []problem {
	s, err := db.SMTPSettings(ctx)
	if err != nil {
		return []problem{{fmt.Sprintf("the mail settings cannot be read: %v", err), "check the database"}}
	}
	if s.Host == "" {
		return []problem{{"no mail relay is set, so invitations and download links cannot be sent", "an admin sets one under Administration → Mail settings (/admin/smtp)"}}
	}
	cfg := mail.Config{Host: s.Host, Port: s.Port, Security: mail.Security(s.Security), HeloName: s.HeloName, RootCAs: d.roots}
	cctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := mail.Probe(cctx, cfg); err != nil {
		return []problem{{fmt.Sprintf("the mail relay %s:%d does not answer as set: %v", s.Host, s.Port, err), "check its host, port and security under Administration → Mail settings, and that this machine may connect to it"}}
	}
	return nil
}

// openDB opens the database with the vault key when it needs no
// passphrase, so that the audit log's MACs are checked too.
func (d *doctor) openDB(ctx context.Context) (db *store.DB, keyed bool, err error) {
	if sealed, err := vault.SealedKeyFile(d.dir); err == nil && !sealed {
		// A key that does not open (its permissions, reported above) still
		// leaves the hash chain to check.
		if a, err := app.Open(ctx, d.dir, ""); err == nil {
			return a.Store(), true, nil
		}
	}
	db, err = keys.OpenDB(ctx, d.dir)
	return db, false, err
}

func (d *doctor) checkAudit(ctx context.Context, db *store.DB) []problem {
	_, bad, err := db.VerifyAudit(ctx)
	if err != nil {
		return []problem{{fmt.Sprintf("the audit log cannot be checked: %v", err), "check the database"}}
	}
	if bad != nil {
		return []problem{{fmt.Sprintf("the audit log is broken: %v", bad), "someone changed the database outside Confidant: keep this copy as evidence, and compare with the backups (confidant audit verify on each)"}}
	}
	return nil
}

// checkBackups finds the newest finished backup (*.age) in the backups
// directory.
func (d *doctor) checkBackups() []problem {
	entries, err := os.ReadDir(d.backups)
	if err != nil {
		return []problem{{fmt.Sprintf("no backups found: %s cannot be read (%v)", d.backups, errors.Unwrap(err)), "enable the daily backup (systemctl enable --now confidant-backup.timer, deploy/), or give --backups DIR"}}
	}
	var newest time.Time
	name := ""
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".age") {
			continue
		}
		if fi, err := e.Info(); err == nil && fi.ModTime().After(newest) {
			newest, name = fi.ModTime(), e.Name()
		}
	}
	if name == "" {
		return []problem{{fmt.Sprintf("there is no backup in %s", d.backups), "enable the daily backup (systemctl enable --now confidant-backup.timer) or run confidant backup"}}
	}
	if age := d.now().Sub(newest); age > d.backupAge {
		return []problem{{fmt.Sprintf("the newest backup, %s, is %d hours old", name, int(age.Hours())), "check the daily backup: systemctl status confidant-backup.timer confidant-backup.service; journalctl -u confidant-backup"}}
	}
	return nil
}

func (d *doctor) checkDisk() []problem {
	var st syscall.Statfs_t
	if err := syscall.Statfs(d.dir, &st); err != nil {
		return []problem{{fmt.Sprintf("free space on %s cannot be read: %v", d.dir, err), "check the file system"}}
	}
	free := st.Bavail * uint64(st.Bsize)
	total := st.Blocks * uint64(st.Bsize)
	if free < d.minFree {
		return []problem{{fmt.Sprintf("only %d MiB free of %d MiB on the data directory's file system", free>>20, total>>20), "free space or grow the disk: SQLite needs room to write, and backups need more"}}
	}
	return nil
}
