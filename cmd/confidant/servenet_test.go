package main

// serve on the network: its own TLS from certificate files (reloaded when
// they change), the plain-HTTP refusals, and a real nginx from Debian in
// front of it as a TLS proxy. Certificates are made here, self-signed.

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"confidant/internal/app"
	"confidant/internal/app/apptest"
	"confidant/internal/app/core"
	"confidant/internal/app/delivery"
	"confidant/internal/mail/mailtest"
)

// testCert is a self-signed certificate and its key, as PEM files.
type testCert struct {
	cert     *x509.Certificate
	certFile string
	keyFile  string
}

// makeCert writes a self-signed certificate for hosts (names or addresses)
// into dir as name.crt and name.key.
func makeCert(t *testing.T, dir, name, cn string, notAfter time.Time, hosts ...string) testCert {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: cn},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              notAfter,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	c := testCert{cert: cert, certFile: filepath.Join(dir, name+".crt"), keyFile: filepath.Join(dir, name+".key")}
	// Written beside and renamed, as certbot does, so a reader never sees half a file.
	for path, block := range map[string]*pem.Block{c.keyFile: {Type: "EC PRIVATE KEY", Bytes: kder}, c.certFile: {Type: "CERTIFICATE", Bytes: der}} {
		if err := os.WriteFile(path+".new", pem.EncodeToMemory(block), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(path+".new", path); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// tlsClient trusts only the given certificates, keeps cookies and does not
// follow redirects. source, when set, is the loopback address it connects from.
func tlsClient(t *testing.T, source string, certs ...*x509.Certificate) *http.Client {
	t.Helper()
	pool := x509.NewCertPool()
	for _, c := range certs {
		pool.AddCert(c)
	}
	jar, _ := cookiejar.New(nil)
	d := &net.Dialer{Timeout: 10 * time.Second}
	if source != "" {
		d.LocalAddr = &net.TCPAddr{IP: net.ParseIP(source)}
	}
	return &http.Client{
		Jar:           jar,
		Timeout:       20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: &http.Transport{
			DialContext:       d.DialContext,
			TLSClientConfig:   &tls.Config{RootCAs: pool},
			DisableKeepAlives: true,
		},
	}
}

// freePort is a loopback port free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func TestServeOverTLSSecureCookiesHSTSRedirectAndCertificateReload(t *testing.T) {
	dir, _ := newCounsellorVault(t, true)
	certDir := t.TempDir()
	first := makeCert(t, certDir, "site", "first", time.Now().Add(90*24*time.Hour), "127.0.0.1", "localhost")
	redirectPort := freePort(t)
	s := startServe(t, dir, nil, "--tls-cert", first.certFile, "--tls-key", first.keyFile,
		"--redirect-addr", "127.0.0.1:"+strconv.Itoa(redirectPort))
	if !strings.HasPrefix(s.base, "https://127.0.0.1:") {
		t.Fatalf("serve with --tls-cert says it serves on %s", s.base)
	}

	c := newE2EClient(t, s.base)
	c.hc = tlsClient(t, "", first.cert)
	resp, err := c.hc.Get(s.base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if h := resp.Header.Get("Strict-Transport-Security"); !strings.Contains(h, "max-age=") {
		t.Errorf("no HSTS over TLS: %q", h)
	}
	for _, sc := range resp.Header.Values("Set-Cookie") {
		if !strings.HasPrefix(sc, "__Host-") || !strings.Contains(sc, "; Secure") || !strings.Contains(sc, "Path=/") {
			t.Errorf("cookie over TLS not Secure with the __Host- prefix: %q", sc)
		}
	}
	if len(resp.Header.Values("Set-Cookie")) == 0 {
		t.Error("the sign-in page set no cookie")
	}
	c.login("counsellor@example.org", e2ePassword) // checks the __Host- session cookie is Secure
	id := c.newClientRecord("Robin Example")
	c.addNote(id, sessionDate(), "Talked about the week over TLS.")

	// The plain-HTTP listener sends everything to the https address.
	plain := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = plain.Get(fmt.Sprintf("http://127.0.0.1:%d/clients?x=1", redirectPort))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusPermanentRedirect || resp.Header.Get("Location") != s.base+"/clients?x=1" {
		t.Errorf("plain HTTP: %d %q, want 308 to %s/clients?x=1", resp.StatusCode, resp.Header.Get("Location"), s.base)
	}

	// A renewed certificate is served without a restart.
	second := makeCert(t, certDir, "site", "second", time.Now().Add(90*24*time.Hour), "127.0.0.1", "localhost")
	hc := tlsClient(t, "", first.cert, second.cert)
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := hc.Get(s.base + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if cn := resp.TLS.PeerCertificates[0].Subject.CommonName; cn == "second" {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("still serving certificate %q after the files changed", cn)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// A pair that does not match keeps the good one in service.
	broken := makeCert(t, t.TempDir(), "other", "third", time.Now().Add(time.Hour), "127.0.0.1")
	key, _ := os.ReadFile(broken.keyFile)
	if err := os.WriteFile(second.keyFile, key, 0o600); err != nil {
		t.Fatal(err)
	}
	resp, err = hc.Get(s.base + "/healthz")
	if err != nil {
		t.Fatalf("a mismatched key file broke the server: %v", err)
	}
	resp.Body.Close()
	if cn := resp.TLS.PeerCertificates[0].Subject.CommonName; cn != "second" {
		t.Errorf("serving %q after a mismatched key was written", cn)
	}
	s.stop()
	if !strings.Contains(s.stderr.String(), "do not load") {
		t.Errorf("no warning about the mismatched pair in the log:\n%s", s.stderr)
	}
}

func TestServeRefusesPlainHTTPWhereItWouldCrossANetwork(t *testing.T) {
	dir, _ := newCounsellorVault(t, true)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"non-loopback address", []string{"--addr", "0.0.0.0:0", "--public-url", "http://records.example.org"}, 1, "refusing plain HTTP"},
		{"non-loopback without a public URL", []string{"--addr", "0.0.0.0:0", "--insecure-http"}, 1, "--public-url"},
		{"https public URL, nothing speaking TLS", []string{"--public-url", "https://records.example.org"}, 1, "speaks plain HTTP"},
		{"certificate without key", []string{"--tls-cert", "x.crt"}, 2, "--tls-key"},
		{"certificate and ACME", []string{"--tls-cert", "x.crt", "--tls-key", "x.key", "--acme-domain", "records.example.org", "--acme-email", "it@example.org"}, 2, "not both"},
		{"ACME without email", []string{"--acme-domain", "records.example.org"}, 2, "--acme-email"},
		{"ACME for another host", []string{"--acme-domain", "records.example.org", "--acme-email", "it@example.org", "--public-url", "https://other.example.org"}, 2, "disagree"},
		{"public URL with a path", []string{"--public-url", "https://example.org/confidant"}, 2, "root"},
		{"bad trusted proxy", []string{"--trusted-proxy", "10.0.0.0/99"}, 2, "CIDR"},
		{"missing certificate file", []string{"--tls-cert", "/nonexistent/x.crt", "--tls-key", "/nonexistent/x.key"}, 1, "x.crt"},
	} {
		r := runBin(t, "", nil, append([]string{"serve", "--data", dir, "--addr", "127.0.0.1:0"}, tc.args...)...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("%s: exit %d, want %d with one line saying %q\n%s", tc.name, r.code, tc.code, tc.want, r)
		}
	}
	// --insecure-http serves, with a warning at start.
	s := startServe(t, dir, nil, "--addr", "0.0.0.0:0", "--insecure-http", "--public-url", "http://records.example.org")
	s.stop()
	if !strings.Contains(s.stderr.String(), "level=WARN") || !strings.Contains(s.stderr.String(), "--insecure-http") {
		t.Errorf("no warning for --insecure-http:\n%s", s.stderr)
	}
}

// nginxConf is a TLS proxy in front of serve, as deploy/nginx.conf does it.
const nginxConf = `daemon off;
worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path %[1]s/body;
  proxy_temp_path %[1]s/proxy;
  fastcgi_temp_path %[1]s/fastcgi;
  uwsgi_temp_path %[1]s/uwsgi;
  scgi_temp_path %[1]s/scgi;
  server {
    listen 127.0.0.1:%[2]d ssl;
    server_name localhost;
    ssl_certificate %[3]s;
    ssl_certificate_key %[4]s;
    client_max_body_size 12m;
    location / {
      proxy_pass http://127.0.0.1:%[5]d;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }
}
`

// startNginx runs Debian's nginx as a TLS proxy on 127.0.0.1:port to
// 127.0.0.1:upstream. Without nginx the test is skipped, unless
// CONFIDANT_REQUIRE_BROWSER=1 (CI), when it fails.
func startNginx(t *testing.T, port, upstream int, cert testCert) {
	t.Helper()
	bin, err := exec.LookPath("nginx")
	if err != nil {
		for _, p := range []string{"/usr/sbin/nginx", "/sbin/nginx"} {
			if _, serr := os.Stat(p); serr == nil {
				bin, err = p, nil
			}
		}
	}
	if err != nil {
		if os.Getenv("CONFIDANT_REQUIRE_BROWSER") == "1" {
			t.Fatal("CONFIDANT_REQUIRE_BROWSER=1 but nginx is not installed (apt-get install nginx)")
		}
		t.Skip("no nginx; install Debian's nginx to run the proxy test")
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil { // nginx's workers may run as nobody
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, fmt.Appendf(nil, nginxConf, dir, port, cert.certFile, cert.keyFile, upstream), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", dir, "-c", conf, "-e", filepath.Join(dir, "error.log"))
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	for deadline := time.Now().Add(10 * time.Second); ; {
		if c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			c.Close()
			return
		}
		select {
		case <-done:
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("nginx exited: %s\n%s", out, log)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx did not listen within 10 s: %s", out)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestServeBehindNginxSeesRealClientAndEmailsHTTPSLinks(t *testing.T) {
	dir, _ := newCounsellorVault(t, true)
	certDir := t.TempDir()
	cert := makeCert(t, certDir, "proxy", "localhost", time.Now().Add(90*24*time.Hour), "localhost", "127.0.0.1")
	// The relay the outbox delivers to, set before serve starts.
	smtp := mailtest.NewServer(t)
	ctx := context.Background()
	a, err := app.Open(ctx, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	admin := core.Actor(apptest.Staff(t, a, apptest.AdminEmail))
	page, err := a.Delivery.Relay(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Delivery.SaveSMTPSettings(ctx, admin, delivery.SMTPForm{Host: "127.0.0.1", Port: strconv.Itoa(smtp.Port), Security: "none", From: "noreply@example.org", Version: page.Form().Version}); err != nil {
		t.Fatal(err)
	}
	a.Close()

	port := freePort(t)
	public := fmt.Sprintf("https://localhost:%d", port)
	s := startServe(t, dir, nil, "--trusted-proxy", "127.0.0.1/32", "--public-url", public)
	upstream, _ := strconv.Atoi(s.base[strings.LastIndex(s.base, ":")+1:])
	startNginx(t, port, upstream, cert)

	// Through nginx, from 127.0.0.2: https links, Secure cookies, HSTS.
	c := newE2EClient(t, public)
	c.hc = tlsClient(t, "127.0.0.2", cert.cert)
	resp, err := c.hc.Get(public + "/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Strict-Transport-Security") == "" {
		t.Fatalf("GET /login through nginx: %d, HSTS %q", resp.StatusCode, resp.Header.Get("Strict-Transport-Security"))
	}
	c.login("counsellor@example.org", e2ePassword)
	id := c.newClientRecord("Robin Example")
	c.mustGet("/clients/" + id + "/portal-invite")
	c.mustPost("/clients/"+id+"/portal-invite", url.Values{"email": {"robin.client@example.org"}})
	msgs := smtp.Wait(1, 20*time.Second)
	if len(msgs) == 0 {
		t.Fatal("no invitation email arrived")
	}
	link := regexp.MustCompile(`https?://\S+/portal/invite/[A-Za-z0-9_-]+`).FindString(msgs[0].Body)
	if !strings.HasPrefix(link, public+"/portal/invite/") {
		t.Fatalf("emailed link %q is not on the public address %s:\n%s", link, public, msgs[0].Body)
	}
	robin := tlsClient(t, "127.0.0.2", cert.cert)
	if resp, err := robin.Get(link); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the emailed link through nginx: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}

	// The real client address reaches the throttle: failed sign-ins from
	// 127.0.0.3 lock out 127.0.0.3, and 127.0.0.2 signs in still. Were
	// the proxy's own address used, both would be locked.
	attacker := newE2EClient(t, public)
	attacker.hc = tlsClient(t, "127.0.0.3", cert.cert)
	locked := false
	for i := 0; i < 100 && !locked; i++ {
		tok := csrfFrom(attacker.mustGet("/login"))
		resp, _, err := attacker.post("/login", url.Values{"email": {fmt.Sprintf("nobody%d@example.org", i)}, "password": {"wrong horse battery"}, "csrf_token": {tok}})
		if err != nil {
			t.Fatal(err)
		}
		locked = resp.StatusCode == http.StatusTooManyRequests
	}
	if !locked {
		t.Fatal("100 failed sign-ins from one address were never throttled")
	}
	other := newE2EClient(t, public)
	other.hc = tlsClient(t, "127.0.0.2", cert.cert)
	other.login("counsellor@example.org", e2ePassword)

	// Straight to serve from an untrusted peer, the forwarded headers
	// are ignored: X-Forwarded-Proto does not make plain HTTP https.
	req, _ := http.NewRequest("GET", s.base+"/login", nil)
	req.Host = strings.TrimPrefix(public, "https://")
	req.Header.Set("X-Forwarded-Proto", "https")
	req.Header.Set("X-Forwarded-For", "203.0.113.9")
	untrusted := tlsClient(t, "127.0.0.4")
	resp, err = untrusted.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusPermanentRedirect {
		t.Errorf("an untrusted peer's X-Forwarded-Proto was believed: %d", resp.StatusCode)
	}
}

// TestServeACMEKeepsItsCacheInTheDataDirectory starts serve with
// --acme-domain (no certificate is asked for: nothing connects) and checks
// the cache directory, the public address and the redirect listener that
// answers the HTTP challenge and sends everything else to https.
func TestServeACMEKeepsItsCacheInTheDataDirectory(t *testing.T) {
	dir, _ := newCounsellorVault(t, true)
	bin, _ := binaries(t)
	redirectPort := freePort(t)
	cmd := exec.Command(bin, "serve", "--data", dir, "--addr", "127.0.0.1:0",
		"--acme-domain", "records.example.org", "--acme-email", "it@example.org",
		"--redirect-addr", "127.0.0.1:"+strconv.Itoa(redirectPort))
	cmd.Env = childEnv()
	out, errb := &syncBuffer{}, &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	for deadline := time.Now().Add(45 * time.Second); !strings.Contains(out.String(), "public address https://records.example.org"); {
		select {
		case <-done:
			t.Fatalf("serve exited:\n%s\n%s", out, errb)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s\n%s", out, errb)
		}
	}
	if !strings.Contains(out.String(), "Confidant is serving on https://127.0.0.1:") {
		t.Errorf("serve with ACME does not say it serves https:\n%s", out)
	}
	fi, err := os.Stat(filepath.Join(dir, "acme"))
	if err != nil || !fi.IsDir() || fi.Mode().Perm() != 0o700 {
		t.Fatalf("ACME cache %v (%v), want a 0700 directory in the data directory", fi, err)
	}
	plain := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("GET", fmt.Sprintf("http://127.0.0.1:%d/portal/login", redirectPort), nil)
	req.Host = "records.example.org"
	resp, err := plain.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusPermanentRedirect || loc != "https://records.example.org/portal/login" {
		t.Errorf("plain HTTP beside ACME: %d %q", resp.StatusCode, loc)
	}
	// An unknown challenge token is refused, not redirected: the
	// challenge path is autocert's.
	req, _ = http.NewRequest("GET", fmt.Sprintf("http://127.0.0.1:%d/.well-known/acme-challenge/nothing", redirectPort), nil)
	req.Host = "records.example.org"
	resp, err = plain.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown ACME challenge: %d, want 404", resp.StatusCode)
	}
}
