// Package mailtest runs a real SMTP server on loopback for tests, built on
// github.com/emersion/go-smtp's server: it records what it receives, can
// refuse on cue (421, 550 ...), go away and come back (an outage), require
// a password, and speak STARTTLS or implicit TLS with a certificate the
// returned mail.Config trusts. Watch records a mail.Worker's passes over
// the outbox (its AfterPass hook), so that a test waits until the worker
// has finished, rather than sleeping, before it says what did not arrive.
// Like net/http/httptest, it is for tests only.
package mailtest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"confidant/internal/mail"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Received is one message the server accepted.
type Received struct {
	From   string
	To     []string
	Data   []byte // exactly as sent, CRLF and all
	Header netmail.Header
	// Body is the decoded body (quoted-printable undone).
	Body string
}

// Options shape the server.
type Options struct {
	// Security is how clients must connect: None (default), StartTLS or TLS.
	Security mail.Security
	// Username and Password, when set, are required (AUTH PLAIN or LOGIN).
	Username, Password string
	// LoginOnly offers only AUTH LOGIN, as some older relays do.
	LoginOnly bool
}

// Server is a running test SMTP server on 127.0.0.1.
type Server struct {
	t    testing.TB
	opts Options
	srv  *smtp.Server
	tls  *tls.Config
	pool *x509.CertPool
	Host string
	Port int

	mu       sync.Mutex
	ln       net.Listener
	received []Received
	arrived  chan struct{}
	rejects  []reject
	sessions int
}

type reject struct {
	stage string
	err   *smtp.SMTPError
	times int
}

// NewServer starts a server with no TLS and no password; it stops when the
// test ends.
func NewServer(t testing.TB) *Server { return NewServerWith(t, Options{}) }

// NewServerWith starts a server with opts.
func NewServerWith(t testing.TB, opts Options) *Server {
	t.Helper()
	if opts.Security == "" {
		opts.Security = mail.None
	}
	s := &Server{t: t, opts: opts, Host: "127.0.0.1", arrived: make(chan struct{}, 1000)}
	if opts.Security != mail.None {
		s.tls, s.pool = selfSigned(t)
	}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		s.mu.Lock()
		s.sessions++
		s.mu.Unlock()
		return &session{s: s}, nil
	}))
	s.srv.Domain = "mailtest.invalid"
	s.srv.ErrorLog = quiet{}
	s.srv.AllowInsecureAuth = true
	s.srv.ReadTimeout = 10 * time.Second
	s.srv.WriteTimeout = 10 * time.Second
	s.srv.MaxMessageBytes = 1 << 20
	if opts.Security == mail.StartTLS {
		s.srv.TLSConfig = s.tls
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Port = ln.Addr().(*net.TCPAddr).Port
	s.serve(ln)
	t.Cleanup(func() { s.srv.Close() })
	return s
}

func (s *Server) serve(ln net.Listener) {
	if s.opts.Security == mail.TLS {
		ln = tls.NewListener(ln, s.tls)
	}
	s.mu.Lock()
	s.ln = ln
	s.mu.Unlock()
	go s.srv.Serve(ln)
}

// Config is a mail.Config that reaches this server.
func (s *Server) Config() mail.Config {
	return mail.Config{
		Host: s.Host, Port: s.Port, Security: s.opts.Security,
		Username: s.opts.Username, Password: s.opts.Password,
		From: "Confidant <noreply@example.org>", RootCAs: s.pool, Timeout: 5 * time.Second,
	}
}

// Stop closes the listener: connections are refused until Start, as when
// the relay is down.
func (s *Server) Stop() {
	s.mu.Lock()
	ln := s.ln
	s.ln = nil
	s.mu.Unlock()
	if ln != nil {
		ln.Close()
	}
}

// Start listens again on the same port after Stop.
func (s *Server) Start() {
	s.t.Helper()
	var ln net.Listener
	var err error
	for range 50 {
		if ln, err = net.Listen("tcp", net.JoinHostPort(s.Host, strconv.Itoa(s.Port))); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		s.t.Fatal(err)
	}
	s.serve(ln)
}

// Reject makes the next times commands at stage ("mail", "rcpt" or "data")
// fail with code (e.g. 421 or 550).
func (s *Server) Reject(stage string, code, times int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ec := smtp.EnhancedCode{code / 100, 0, 0}
	s.rejects = append(s.rejects, reject{stage: stage, times: times,
		err: &smtp.SMTPError{Code: code, EnhancedCode: ec, Message: "refused by mailtest for <" + stage + ">"}})
}

func (s *Server) rejection(stage string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.rejects {
		if r := &s.rejects[i]; r.stage == stage && r.times > 0 {
			r.times--
			return r.err
		}
	}
	return nil
}

// Messages returns what has arrived so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// Sessions counts the connections made.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions
}

// Wait returns once n messages have arrived, or fails the test after
// timeout.
func (s *Server) Wait(n int, timeout time.Duration) []Received {
	s.t.Helper()
	deadline := time.After(timeout)
	for {
		if m := s.Messages(); len(m) >= n {
			return m
		}
		select {
		case <-s.arrived:
		case <-deadline:
			s.t.Fatalf("mailtest: %d message(s) arrived, want %d", len(s.Messages()), n)
		}
	}
}

type session struct {
	s      *Server
	authed bool
	from   string
	to     []string
}

func (se *session) AuthMechanisms() []string {
	if se.s.opts.Username == "" {
		return nil
	}
	if se.s.opts.LoginOnly {
		return []string{sasl.Login}
	}
	return []string{sasl.Plain, sasl.Login}
}

func (se *session) Auth(mech string) (sasl.Server, error) {
	check := func(user, pass string) error {
		if user != se.s.opts.Username || pass != se.s.opts.Password {
			return smtp.ErrAuthFailed
		}
		se.authed = true
		return nil
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(_, user, pass string) error { return check(user, pass) }), nil
	case sasl.Login:
		return newLoginServer(check), nil
	}
	return nil, smtp.ErrAuthUnknownMechanism
}

func (se *session) Mail(from string, _ *smtp.MailOptions) error {
	if se.s.opts.Username != "" && !se.authed {
		return smtp.ErrAuthRequired
	}
	if err := se.s.rejection("mail"); err != nil {
		return err
	}
	se.from = from
	return nil
}

func (se *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if err := se.s.rejection("rcpt"); err != nil {
		return err
	}
	se.to = append(se.to, to)
	return nil
}

func (se *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if err := se.s.rejection("data"); err != nil {
		return err
	}
	rc := Received{From: se.from, To: se.to, Data: data}
	if m, err := netmail.ReadMessage(bytes.NewReader(data)); err == nil {
		rc.Header = m.Header
		var body io.Reader = m.Body
		if strings.EqualFold(m.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
			body = quotedprintable.NewReader(body)
		}
		b, _ := io.ReadAll(body)
		rc.Body = string(b)
	}
	se.s.mu.Lock()
	se.s.received = append(se.s.received, rc)
	se.s.mu.Unlock()
	select {
	case se.s.arrived <- struct{}{}:
	default:
	}
	return nil
}

func (se *session) Reset()        { se.from, se.to = "", nil }
func (se *session) Logout() error { return nil }

// loginServer is the server side of AUTH LOGIN (go-sasl has only the
// client): "Username:", then "Password:".
type loginServer struct {
	check func(user, pass string) error
	user  string
	step  int
}

func newLoginServer(check func(user, pass string) error) *loginServer {
	return &loginServer{check: check}
}

func (l *loginServer) Next(response []byte) ([]byte, bool, error) {
	switch l.step {
	case 0:
		l.step++
		if response != nil {
			l.user = string(response)
			l.step++
			return []byte("Password:"), false, nil
		}
		return []byte("Username:"), false, nil
	case 1:
		l.user = string(response)
		l.step++
		return []byte("Password:"), false, nil
	case 2:
		l.step++
		return nil, true, l.check(l.user, string(response))
	}
	return nil, true, errors.New("unexpected response")
}

// quiet drops the server's own log lines (a refused certificate is a
// test's intent, not noise to print).
type quiet struct{}

func (quiet) Printf(string, ...any) {}
func (quiet) Println(...any)        {}

// selfSigned makes a certificate for 127.0.0.1 and localhost and a pool
// that trusts it.
func selfSigned(t testing.TB) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "mailtest"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}}, MinVersion: tls.VersionTLS12}, pool
}
