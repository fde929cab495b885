package mail_test

import (
	"bytes"
	"context"
	"errors"
	"mime"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"confidant/internal/fault"
	"confidant/internal/mail"
	"confidant/internal/mail/mailtest"
)

func testMessage() mail.Message {
	return mail.Message{
		To:        "client@example.net",
		Subject:   "You have a new message",
		Text:      "Hello,\n\nA line with = and a long one " + strings.Repeat("word ", 30) + "\nCafé ☕ naïve.\n",
		MessageID: mail.NewMessageID("example.org"),
		Date:      time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC),
	}
}

func TestSendDeliversHeadersAndBody(t *testing.T) {
	srv := mailtest.NewServer(t)
	m := testMessage()
	if err := mail.Send(context.Background(), srv.Config(), m); err != nil {
		t.Fatal(err)
	}
	got := srv.Wait(1, 5*time.Second)[0]
	if got.From != "noreply@example.org" || len(got.To) != 1 || got.To[0] != "client@example.net" {
		t.Fatalf("envelope: from %q to %q", got.From, got.To)
	}
	h := got.Header
	want := map[string]string{
		"From":                      `"Confidant" <noreply@example.org>`,
		"To":                        "client@example.net",
		"Subject":                   "You have a new message",
		"Message-Id":                m.MessageID,
		"Mime-Version":              "1.0",
		"Content-Type":              "text/plain; charset=utf-8",
		"Content-Transfer-Encoding": "quoted-printable",
		"Auto-Submitted":            "auto-generated",
	}
	for k, v := range want {
		if h.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, h.Get(k), v)
		}
	}
	if d, err := h.Date(); err != nil || !d.Equal(m.Date) {
		t.Errorf("Date = %v (%v), want %v", d, err, m.Date)
	}
	if len(h) != len(want)+1 {
		t.Errorf("headers: %v", h)
	}
	if body := strings.ReplaceAll(got.Body, "\r\n", "\n"); body != m.Text {
		t.Errorf("body = %q, want %q", body, m.Text)
	}
	for _, line := range bytes.Split(got.Data, []byte("\r\n")) {
		if len(line) > 78 {
			t.Errorf("line longer than 78: %q", line)
		}
		if bytes.ContainsAny(line, "\r\n") {
			t.Errorf("bare CR or LF in %q", line)
		}
	}
}

func TestSendEncodesNonASCIISubjectAndFoldsIt(t *testing.T) {
	srv := mailtest.NewServer(t)
	m := testMessage()
	m.Subject = strings.Repeat("Réunion à café – ", 8) + "fin"
	if err := mail.Send(context.Background(), srv.Config(), m); err != nil {
		t.Fatal(err)
	}
	got := srv.Wait(1, 5*time.Second)[0]
	dec, err := new(mime.WordDecoder).DecodeHeader(got.Header.Get("Subject"))
	if err != nil || dec != m.Subject {
		t.Fatalf("subject %q (%v), want %q", dec, err, m.Subject)
	}
	for _, line := range strings.Split(string(got.Data), "\r\n") {
		if len(line) > 78 {
			t.Errorf("line longer than 78: %q", line)
		}
	}
}

func TestSendOverEachSecurityWithPassword(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts mailtest.Options
	}{
		{"starttls", mailtest.Options{Security: mail.StartTLS, Username: "relay-user", Password: "relay pass"}},
		{"tls", mailtest.Options{Security: mail.TLS, Username: "relay-user", Password: "relay pass"}},
		{"none on loopback", mailtest.Options{Security: mail.None, Username: "relay-user", Password: "relay pass"}},
		{"login only", mailtest.Options{Security: mail.StartTLS, Username: "relay-user", Password: "relay pass", LoginOnly: true}},
		{"no password", mailtest.Options{Security: mail.TLS}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := mailtest.NewServerWith(t, tc.opts)
			if err := mail.Send(context.Background(), srv.Config(), testMessage()); err != nil {
				t.Fatal(err)
			}
			srv.Wait(1, 5*time.Second)
		})
	}
}

func TestStartTLSIsNeverSkipped(t *testing.T) {
	srv := mailtest.NewServer(t) // offers no STARTTLS
	cfg := srv.Config()
	cfg.Security = mail.StartTLS
	err := mail.Send(context.Background(), cfg, testMessage())
	if mail.Class(err) != "tls: starttls" || mail.IsPermanent(err) {
		t.Fatalf("err = %v, want temporary tls: starttls", err)
	}
	if len(srv.Messages()) != 0 {
		t.Fatal("a message went in the clear")
	}
}

func TestSendRefusesAnUntrustedCertificate(t *testing.T) {
	srv := mailtest.NewServerWith(t, mailtest.Options{Security: mail.TLS})
	cfg := srv.Config()
	cfg.RootCAs = nil // the system's roots do not know the test certificate
	err := mail.Send(context.Background(), cfg, testMessage())
	if mail.Class(err) != "tls: handshake" || mail.IsPermanent(err) {
		t.Fatalf("err = %v, want temporary tls: handshake", err)
	}
}

func TestSendClassifiesFailures(t *testing.T) {
	for _, tc := range []struct {
		name      string
		setup     func(*mailtest.Server, *mail.Config)
		class     string
		permanent bool
	}{
		{"recipient refused", func(s *mailtest.Server, _ *mail.Config) { s.Reject("rcpt", 550, 1) }, "permanent: 550 5.0.0", true},
		{"message refused", func(s *mailtest.Server, _ *mail.Config) { s.Reject("data", 554, 1) }, "permanent: 554 5.0.0", true},
		{"busy at data", func(s *mailtest.Server, _ *mail.Config) { s.Reject("data", 421, 1) }, "temporary: 421 4.0.0", false},
		{"busy at mail", func(s *mailtest.Server, _ *mail.Config) { s.Reject("mail", 451, 1) }, "temporary: 451 4.0.0", false},
		{"relay down", func(s *mailtest.Server, _ *mail.Config) { s.Stop() }, "network: cannot connect", false},
		{"wrong password", func(_ *mailtest.Server, c *mail.Config) { c.Password = "wrong" }, "relay: 535 5.7.8", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := mailtest.NewServerWith(t, mailtest.Options{Username: "u", Password: "p"})
			cfg := srv.Config()
			tc.setup(srv, &cfg)
			err := mail.Send(context.Background(), cfg, testMessage())
			if mail.Class(err) != tc.class || mail.IsPermanent(err) != tc.permanent {
				t.Fatalf("err = %v (permanent %v), want %q (permanent %v)", err, mail.IsPermanent(err), tc.class, tc.permanent)
			}
			if strings.Contains(err.Error(), "client@example.net") || strings.Contains(err.Error(), "mailtest") {
				t.Errorf("error text quotes the relay or the address: %q", err.Error())
			}
		})
	}
}

func TestSendEndsWithItsContext(t *testing.T) {
	srv := mailtest.NewServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := mail.Send(ctx, srv.Config(), testMessage())
	if err == nil || mail.IsPermanent(err) {
		t.Fatalf("err = %v, want a temporary error", err)
	}
}

func TestHeaderInjectionRefused(t *testing.T) {
	srv := mailtest.NewServer(t)
	for _, tc := range []struct {
		name string
		edit func(*mail.Message, *mail.Config)
	}{
		{"CRLF in To", func(m *mail.Message, _ *mail.Config) { m.To = "client@example.net\r\nBcc: spy@example.com" }},
		{"LF in To", func(m *mail.Message, _ *mail.Config) { m.To = "client@example.net\nBcc: spy@example.com" }},
		{"two recipients", func(m *mail.Message, _ *mail.Config) { m.To = "client@example.net, spy@example.com" }},
		{"CRLF in Subject", func(m *mail.Message, _ *mail.Config) { m.Subject = "Hello\r\nBcc: spy@example.com" }},
		{"LF in Subject", func(m *mail.Message, _ *mail.Config) { m.Subject = "Hello\nX-Evil: 1" }},
		{"CR in Subject", func(m *mail.Message, _ *mail.Config) { m.Subject = "Hello\rX-Evil: 1" }},
		{"NUL in Subject", func(m *mail.Message, _ *mail.Config) { m.Subject = "Hello\x00" }},
		{"CRLF in Message-ID", func(m *mail.Message, _ *mail.Config) { m.MessageID = "<a@b.c>\r\nBcc: spy@example.com" }},
		{"bad Message-ID", func(m *mail.Message, _ *mail.Config) { m.MessageID = "<a b@c.d>" }},
		{"CRLF in From", func(_ *mail.Message, c *mail.Config) { c.From = "noreply@example.org\r\nBcc: spy@example.com" }},
		{"CRLF in HELO", func(_ *mail.Message, c *mail.Config) { c.HeloName = "host\r\nRSET" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, cfg := testMessage(), srv.Config()
			tc.edit(&m, &cfg)
			if err := mail.Send(context.Background(), cfg, m); err == nil {
				t.Fatal("sent")
			}
		})
	}
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("%d messages arrived", n)
	}
}

func TestConfigValidate(t *testing.T) {
	ok := mail.Config{Host: "smtp.example.org", Port: 587, Security: mail.StartTLS, Username: "u", Password: "p", From: "noreply@example.org"}
	for _, tc := range []struct {
		name string
		edit func(*mail.Config)
		ok   bool
	}{
		{"good", func(*mail.Config) {}, true},
		{"no host", func(c *mail.Config) { c.Host = "" }, false},
		{"bad host", func(c *mail.Config) { c.Host = "smtp example.org" }, false},
		{"port 0", func(c *mail.Config) { c.Port = 0 }, false},
		{"port too big", func(c *mail.Config) { c.Port = 70000 }, false},
		{"unknown security", func(c *mail.Config) { c.Security = "ssl" }, false},
		{"no From", func(c *mail.Config) { c.From = "" }, false},
		{"From not an address", func(c *mail.Config) { c.From = "noreply" }, false},
		{"From with a name", func(c *mail.Config) { c.From = "Support <noreply@example.org>" }, true},
		{"password in the clear to another host", func(c *mail.Config) { c.Security = mail.None }, false},
		{"password in the clear to localhost", func(c *mail.Config) { c.Security, c.Host = mail.None, "localhost" }, true},
		{"password in the clear to ::1", func(c *mail.Config) { c.Security, c.Host = mail.None, "::1" }, true},
		{"no password in the clear", func(c *mail.Config) { c.Security, c.Username, c.Password = mail.None, "", "" }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := ok
			tc.edit(&c)
			if err := c.Validate(); (err == nil) != tc.ok {
				t.Fatalf("Validate() = %v, want ok %v", err, tc.ok)
			}
		})
	}
}

// The relay's problems are faults with a code, so that one reaching a page
// keeps its words instead of counting as a fault of ours.
func TestConfigProblemsAreFaults(t *testing.T) {
	err := mail.Config{}.Validate()
	if !errors.Is(err, mail.ErrNotConfigured) || fault.CodeOf(err) != fault.Conflict {
		t.Fatalf("no relay: %v (%s)", err, fault.CodeOf(err))
	}
	err = mail.Config{Host: "smtp example.org", Port: 587, Security: mail.StartTLS, From: "noreply@example.org"}.Validate()
	if fault.CodeOf(err) != fault.Invalid || fault.FieldsOf(err)["host"] == "" {
		t.Fatalf("bad host: %v (%s, %v)", err, fault.CodeOf(err), fault.FieldsOf(err))
	}
}

func TestBackoffDoublesToItsCap(t *testing.T) {
	b := mail.DefaultBackoff()
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour}
	for i, w := range want {
		if got := b.Delay(i + 1); got != w {
			t.Errorf("Delay(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := b.Delay(1000); got != time.Hour {
		t.Errorf("Delay(1000) = %v", got)
	}
}

func TestNewMessageIDIsFreshAndValid(t *testing.T) {
	a, b := mail.NewMessageID("example.org"), mail.NewMessageID("")
	if a == b || !mail.ValidMessageID(a) || !mail.ValidMessageID(b) {
		t.Fatalf("%q %q", a, b)
	}
	if !strings.HasSuffix(a, "@example.org>") || !strings.HasSuffix(b, "@"+mail.InvalidDomain+">") {
		t.Fatalf("%q %q", a, b)
	}
}

// FuzzBuild: whatever the recipient, subject and body, a built message has
// exactly Confidant's headers, the subject and body come back unchanged,
// and no line carries a bare CR or LF.
func FuzzBuild(f *testing.F) {
	f.Add("client@example.net", "You have a new message", "Hello\n")
	f.Add("client@example.net\r\nBcc: x@y.z", "Hi\r\nBcc: x@y.z", "body\r\n.\r\n")
	f.Add("a@b.co", "=?utf-8?q?x?=", "=41\r")
	f.Add("a@b.co", strings.Repeat("é ", 150), strings.Repeat("x", 2000))
	f.Fuzz(func(t *testing.T, to, subject, text string) {
		m := mail.Message{To: to, Subject: subject, Text: text, MessageID: "<id@example.org>", Date: time.Unix(0, 0)}
		data, err := mail.Build("noreply@example.org", m)
		if err != nil {
			return
		}
		for _, line := range bytes.Split(data, []byte("\r\n")) {
			if bytes.ContainsAny(line, "\r\n") {
				t.Fatalf("bare CR or LF: %q", line)
			}
			if len(line) > 998 {
				t.Fatalf("line over 998: %d", len(line))
			}
		}
		msg, err := netmail.ReadMessage(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("unparseable: %v\n%q", err, data)
		}
		if len(msg.Header) != 9 {
			t.Fatalf("headers %v", msg.Header)
		}
		addr, _ := mail.ParseAddress(to)
		if msg.Header.Get("To") != addr {
			t.Fatalf("To = %q", msg.Header.Get("To"))
		}
		dec, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		if err != nil || dec != strings.Join(strings.Fields(subject), " ") {
			t.Fatalf("subject %q (%v) from %q", dec, err, subject)
		}
	})
}
