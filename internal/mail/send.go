package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Send delivers m to the relay in cfg, over one connection that ends when
// ctx does. A nil error means the relay accepted the message (250 to the
// final dot). Any other error is an *Error: permanent when the relay refused
// this message (5xx to MAIL, RCPT or DATA) or the message is malformed;
// temporary for 4xx, the network, TLS, and problems signing in or greeting
// the relay, which are the relay's or the settings' fault, not the
// message's, and which an administrator can put right before the outbox
// gives up.
func Send(ctx context.Context, cfg Config, m Message) error {
	if err := cfg.Validate(); err != nil {
		if errors.Is(err, ErrNotConfigured) {
			return &Error{Class: "not configured", Err: err}
		}
		return &Error{Class: "settings", Err: err}
	}
	data, err := Build(cfg.From, m)
	if err != nil {
		return err
	}
	from, _ := parseFrom(cfg.From)
	to, _ := ParseAddress(m.To)
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}

	c, err := connect(ctx, cfg, timeout)
	if err != nil {
		return err
	}
	defer c.Close()
	// Whatever the deadlines, a cancelled ctx ends the conversation.
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()

	if err := c.Mail(from.Address, nil); err != nil {
		return classify(ctx, "", err)
	}
	if err := c.Rcpt(to, nil); err != nil {
		return classify(ctx, "", err)
	}
	w, err := c.Data()
	if err != nil {
		return classify(ctx, "", err)
	}
	if _, err := io.Copy(w, bytes.NewReader(data)); err != nil {
		return classify(ctx, "", err)
	}
	if err := w.Close(); err != nil {
		return classify(ctx, "", err)
	}
	// Accepted: a failed QUIT changes nothing.
	_ = c.Quit()
	return nil
}

// connect dials, secures, greets and signs in. Failures here are never
// permanent: the message has not been offered yet.
func connect(ctx context.Context, cfg Config, timeout time.Duration) (*smtp.Client, error) {
	addr := net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))
	dctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(dctx, "tcp", addr)
	if err != nil {
		return nil, classify(ctx, "", err)
	}
	tlsConfig := &tls.Config{ServerName: cfg.Host, RootCAs: cfg.RootCAs, MinVersion: tls.VersionTLS12}
	if cfg.Security == TLS {
		tc := tls.Client(conn, tlsConfig)
		if err := tc.HandshakeContext(dctx); err != nil {
			conn.Close()
			return nil, &Error{Class: "tls: handshake", Err: err}
		}
		conn = tc
	}
	// The deadlines inside go-smtp bound each command; closing the
	// connection when ctx ends bounds the whole.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()

	var c *smtp.Client
	if cfg.Security == StartTLS {
		// A relay that does not offer STARTTLS is refused: falling back
		// to plain text would send the password and the message in the
		// clear to whoever can strip the offer.
		c, err = newClientStartTLS(conn, tlsConfig, timeout)
		if err != nil {
			return nil, err
		}
	} else {
		c = newClient(conn, timeout)
	}
	helo := cfg.HeloName
	if helo == "" {
		helo = "localhost"
	}
	if err := c.Hello(helo); err != nil {
		c.Close()
		return nil, classify(ctx, "relay", err)
	}
	if cfg.Username != "" {
		var auth sasl.Client
		switch {
		case c.SupportsAuth("PLAIN"):
			auth = sasl.NewPlainClient("", cfg.Username, cfg.Password)
		case c.SupportsAuth("LOGIN"):
			auth = sasl.NewLoginClient(cfg.Username, cfg.Password)
		default:
			c.Close()
			return nil, &Error{Class: "relay: no AUTH PLAIN or LOGIN"}
		}
		if err := c.Auth(auth); err != nil {
			c.Close()
			return nil, classify(ctx, "relay", err)
		}
	}
	return c, nil
}

func newClient(conn net.Conn, timeout time.Duration) *smtp.Client {
	c := smtp.NewClient(conn)
	c.CommandTimeout = timeout
	c.SubmissionTimeout = 4 * timeout
	return c
}

func newClientStartTLS(conn net.Conn, cfg *tls.Config, timeout time.Duration) (*smtp.Client, error) {
	// NewClientStartTLS would wait up to go-smtp's default five minutes for
	// the greeting; a short deadline covers the greeting, EHLO and STARTTLS.
	conn.SetDeadline(time.Now().Add(2 * timeout))
	c, err := smtp.NewClientStartTLS(conn, cfg)
	if err != nil {
		conn.Close()
		var se *smtp.SMTPError
		var ne net.Error
		if errors.As(err, &se) || errors.As(err, &ne) || errors.Is(err, io.EOF) {
			return nil, classify(context.Background(), "relay", err)
		}
		// "server doesn't support STARTTLS", or the handshake failed.
		return nil, &Error{Class: "tls: starttls", Err: err}
	}
	conn.SetDeadline(time.Time{})
	c.CommandTimeout = timeout
	c.SubmissionTimeout = 4 * timeout
	return c, nil
}

// classify turns an error from the conversation into an *Error. stage is
// "relay" while greeting and signing in (never permanent), "" while
// offering the message.
func classify(ctx context.Context, stage string, err error) error {
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		code := strconv.Itoa(se.Code)
		if se.EnhancedCode != (smtp.EnhancedCode{}) && se.EnhancedCode != smtp.NoEnhancedCode {
			code += fmt.Sprintf(" %d.%d.%d", se.EnhancedCode[0], se.EnhancedCode[1], se.EnhancedCode[2])
		}
		switch {
		case stage == "relay":
			return &Error{Class: "relay: " + code, Err: err}
		case se.Code >= 500 && se.Code < 600:
			return &Error{Permanent: true, Class: "permanent: " + code, Err: err}
		default:
			return &Error{Class: "temporary: " + code, Err: err}
		}
	}
	if ctx.Err() != nil {
		return &Error{Class: "network: cancelled", Err: err}
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return &Error{Class: "network: timeout", Err: err}
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Op == "dial" {
		return &Error{Class: "network: cannot connect", Err: err}
	}
	return &Error{Class: "network", Err: err}
}
