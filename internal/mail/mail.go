// Package mail is how Confidant sends email. It builds plain-text RFC 5322
// messages that cannot carry injected headers (message.go), hands them to an
// SMTP relay with github.com/emersion/go-smtp (send.go), and drains a
// durable outbox with retries and backoff (worker.go).
//
// It knows nothing of the database or the vault: the outbox is the Queue
// interface (the store implements it), and the sealed messages it holds are
// opened by a function the caller gives the Worker. Nothing here logs or
// returns a recipient, a subject or a body: errors carry a short class
// ("temporary: 421 4.4.2"), never the relay's own words, which often quote
// the address.
package mail

import (
	"confidant/internal/fault"
	"crypto/x509"
	"errors"
	"net"
	"net/mail"
	"strings"
	"time"
)

// Message is one email. Confidant sends plain text only, to one recipient.
type Message struct {
	// To is one address, "name@example.org" (a display name, if given, is
	// dropped: it would be personal data in every relay's logs for nothing).
	To      string
	Subject string
	// Text is the plain-text body; line endings are normalised to CRLF.
	Text string
	// MessageID is "<unique@domain>", fixed when the message is queued so
	// that a resend after a crash carries the same one (NewMessageID).
	MessageID string
	// Date is the Date header; zero means the time of sending.
	Date time.Time
}

// Security is how the connection to the relay is protected.
type Security string

// The three ways to reach a relay.
const (
	// StartTLS connects in plain text and upgrades with STARTTLS before
	// anything else is said (usually port 587). A relay that does not offer
	// STARTTLS is refused, never used in the clear.
	StartTLS Security = "starttls"
	// TLS is TLS from the first byte ("implicit TLS", usually port 465).
	TLS Security = "tls"
	// None is plain text, for a relay on the same machine (port 25).
	None Security = "none"
)

// Valid reports whether s is one of the three.
func (s Security) Valid() bool { return s == StartTLS || s == TLS || s == None }

// DefaultPort is the usual port for each kind of connection.
func (s Security) DefaultPort() int {
	switch s {
	case TLS:
		return 465
	case None:
		return 25
	}
	return 587
}

// Config is how to reach the relay.
type Config struct {
	Host     string
	Port     int
	Security Security
	// Username and Password sign in to the relay (AUTH PLAIN, or LOGIN when
	// the relay offers only that); empty Username means no sign-in.
	Username string
	Password string
	// From is the sender, "noreply@example.org" or "Name <noreply@...>".
	From string
	// HeloName is the name given in EHLO; empty means "localhost".
	HeloName string
	// RootCAs verifies the relay's certificate; nil means the system's
	// roots. Certificates are always verified.
	RootCAs *x509.CertPool
	// Timeout bounds connecting and each command; zero means 30 seconds.
	// The reply to the message itself may take four times as long.
	Timeout time.Duration
}

// ErrNotConfigured means no relay has been set up yet (Conflict: nothing
// can be sent until an administrator saves one).
var ErrNotConfigured = fault.New(fault.Conflict, "no mail relay is set up")

// Validate checks the configuration and returns its first problem, if
// any: ErrNotConfigured when there is no host, else an Invalid fault
// naming the field.
func (c Config) Validate() error {
	if c.Host == "" {
		return ErrNotConfigured
	}
	problems := c.Problems()
	for _, f := range configFields {
		if msg, ok := problems[f]; ok {
			return fault.InvalidField(f, msg)
		}
	}
	return nil
}

// configFields orders Problems' keys.
var configFields = []string{"host", "port", "security", "username", "password", "from", "helo_name"}

// Problems lists what is wrong with the configuration, by field (host,
// port, security, username, password, from, helo_name), in words an
// administrator can act on.
func (c Config) Problems() map[string]string {
	p := map[string]string{}
	switch {
	case c.Host == "":
		p["host"] = "Enter the mail relay's host name, like smtp.example.org."
	case !ValidHost(c.Host):
		p["host"] = "The host name is not valid: use letters, digits, dots and hyphens, or an IP address."
	}
	if c.Port < 1 || c.Port > 65535 {
		p["port"] = "Enter the port as a number from 1 to 65535 (usually 587 for STARTTLS, 465 for TLS)."
	}
	if !c.Security.Valid() {
		p["security"] = "Choose STARTTLS, TLS or none."
	}
	if hasControl(c.Username) || len(c.Username) > 256 {
		p["username"] = "The user name is too long or has control characters."
	}
	if hasControl(c.Password) || len(c.Password) > 1024 {
		p["password"] = "The password is too long or has control characters."
	}
	if _, problem := parseFrom(c.From); problem != "" {
		p["from"] = problem
	}
	if c.HeloName != "" && !ValidHost(c.HeloName) {
		p["helo_name"] = "The name to greet the relay with must be a host name, like mail.example.org."
	}
	if c.Username != "" && c.Security == None && c.Host != "" && !IsLoopback(c.Host) {
		p["security"] = "Without STARTTLS or TLS the password would cross the network in the clear; that is allowed only to a relay on this machine (localhost)."
	}
	return p
}

// IsLoopback reports whether host names this machine.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ValidHost accepts a DNS name or an IP address.
func ValidHost(h string) bool {
	if net.ParseIP(h) != nil {
		return true
	}
	if len(h) == 0 || len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(strings.TrimSuffix(h, "."), ".") {
		if len(label) == 0 || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return false
			}
		}
	}
	return true
}

// parseFrom parses the sender address; the problem is for the admin.
func parseFrom(s string) (*mail.Address, string) {
	if s == "" {
		return nil, "Enter the address email is sent from, like noreply@example.org."
	}
	if hasControl(s) {
		return nil, "The From address cannot contain line breaks or control characters."
	}
	a, err := mail.ParseAddress(s)
	if err != nil || !plainAddress(a.Address) {
		return nil, "The From address is not a valid email address, like noreply@example.org or Support <noreply@example.org>."
	}
	return a, ""
}

// ParseAddress checks a recipient and returns the bare address.
func ParseAddress(s string) (string, error) {
	if hasControl(s) {
		return "", &Error{Class: "invalid message: recipient", Permanent: true}
	}
	a, err := mail.ParseAddress(strings.TrimSpace(s))
	if err != nil || !plainAddress(a.Address) {
		return "", &Error{Class: "invalid message: recipient", Permanent: true}
	}
	return a.Address, nil
}

// plainAddress keeps to addresses every relay takes: ASCII, no quoted local
// part, a dotted domain.
func plainAddress(addr string) bool {
	at := strings.LastIndexByte(addr, '@')
	if at < 1 || at == len(addr)-1 || len(addr) > 254 {
		return false
	}
	for _, r := range addr {
		if r <= ' ' || r >= 0x7f || r == '"' || r == '<' || r == '>' || r == '(' || r == ')' || r == ',' || r == ';' || r == ':' || r == '\\' || r == '[' || r == ']' {
			return false
		}
	}
	domain := addr[at+1:]
	return strings.Contains(domain, ".") && ValidHost(domain)
}

// hasControl reports a C0 control character or DEL: CR and LF are how a
// header is injected, and nothing else of that kind belongs in a header.
func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return true
		}
	}
	return false
}

// Error is a failed send, classified. Class is short and holds no personal
// data, so it may be stored and logged; the wrapped error is for tests and
// debugging only (it can quote the relay, which can quote the address).
type Error struct {
	// Permanent means trying again cannot help: the relay refused this
	// message (5xx to MAIL, RCPT or DATA), or the message is malformed.
	Permanent bool
	// Class is, for example, "temporary: 421 4.4.2", "permanent: 550 5.1.1",
	// "network: timeout", "relay: 535 5.7.8" or "tls: handshake".
	Class string
	Err   error
}

func (e *Error) Error() string { return e.Class }

func (e *Error) Unwrap() error { return e.Err }

// IsPermanent reports whether err is a permanent failure.
func IsPermanent(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Permanent
}

// Class returns err's class for storing and logging: the Error's class, or
// "error" for anything else (whose text might hold anything).
func Class(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Class
	}
	if errors.Is(err, ErrNotConfigured) {
		return "not configured"
	}
	return "error"
}

func invalid(what string) error {
	return &Error{Permanent: true, Class: "invalid message: " + what}
}
