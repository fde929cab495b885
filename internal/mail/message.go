package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/base32"
	"encoding/base64"
	"mime/quotedprintable"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on what a message may hold. Confidant's emails are short notices
// with a link; anything near these is a bug in the caller.
const (
	MaxSubject = 200       // runes
	MaxText    = 256 << 10 // bytes
)

// InvalidDomain is the Message-ID domain used when no From address is set
// yet (RFC 2606 reserves .invalid).
const InvalidDomain = "confidant.invalid"

// NewMessageID returns a fresh "<random@domain>" with 128 random bits.
// domain is the From address's domain where known (some filters frown on
// a Message-ID from elsewhere), else InvalidDomain.
func NewMessageID(domain string) string {
	if !ValidHost(domain) || !strings.Contains(domain, ".") {
		domain = InvalidDomain
	}
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return "<" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:])) + "@" + strings.ToLower(domain) + ">"
}

// DomainOf returns the domain of an address ("" if it has none).
func DomainOf(addr string) string {
	if a, problem := parseFrom(addr); problem == "" {
		addr = a.Address
	}
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[i+1:]
	}
	return ""
}

var messageIDRE = regexp.MustCompile(`^<[A-Za-z0-9!#$%&'*+/=?^_{|}~.-]{1,128}@[A-Za-z0-9.-]{1,253}>$`)

// ValidMessageID reports whether id is a Message-ID this package makes or
// accepts: angle brackets, a plain local part and a domain.
func ValidMessageID(id string) bool { return messageIDRE.MatchString(id) }

// Check validates a message before it is queued, so that a bad one is
// refused to the caller at once rather than failing in the worker later.
// It returns the message with To reduced to the bare address.
func (m Message) Check() (Message, error) {
	to, err := ParseAddress(m.To)
	if err != nil {
		return m, err
	}
	m.To = to
	subject := strings.Join(strings.Fields(m.Subject), " ")
	switch {
	case hasControl(m.Subject):
		return m, invalid("subject has line breaks or control characters")
	case subject == "":
		return m, invalid("empty subject")
	case utf8.RuneCountInString(subject) > MaxSubject || !utf8.ValidString(subject):
		return m, invalid("subject too long or not UTF-8")
	}
	m.Subject = subject
	if len(m.Text) > MaxText || !utf8.ValidString(m.Text) || strings.ContainsRune(m.Text, 0) {
		return m, invalid("body too long or not UTF-8 text")
	}
	if m.MessageID != "" && !ValidMessageID(m.MessageID) {
		return m, invalid("Message-ID")
	}
	return m, nil
}

// Build renders m as an RFC 5322 message from the sender from, with CRLF
// line endings and a quoted-printable UTF-8 body. Every header value is
// checked or encoded, so no input can add a header or end the header
// section early.
func Build(from string, m Message) ([]byte, error) {
	sender, problem := parseFrom(from)
	if problem != "" {
		return nil, invalid("From")
	}
	m, err := m.Check()
	if err != nil {
		return nil, err
	}
	if m.MessageID == "" {
		return nil, invalid("no Message-ID")
	}
	date := m.Date
	if date.IsZero() {
		date = time.Now()
	}
	var b bytes.Buffer
	header := func(name, value string) {
		b.WriteString(fold(name + ": " + value))
		b.WriteString("\r\n")
	}
	header("Date", date.Format(time.RFC1123Z))
	if sender.Name == "" {
		header("From", sender.Address)
	} else {
		header("From", sender.String())
	}
	header("To", m.To)
	header("Subject", encodeSubject(m.Subject))
	header("Message-ID", m.MessageID)
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	// No out-of-office replies: they would tell our From address that, and
	// when, a client reads their mail.
	header("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	text := strings.ReplaceAll(m.Text, "\r\n", "\n")
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	if _, err := qp.Write([]byte(text)); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// encodeSubject leaves printable ASCII as it is and writes anything else
// (or anything that could be read as an encoded-word) as RFC 2047 "B"
// encoded-words of at most 75 characters, split between runes.
func encodeSubject(s string) string {
	plain := !strings.Contains(s, "=?")
	for i := 0; i < len(s) && plain; i++ {
		plain = s[i] >= 0x20 && s[i] < 0x7f
	}
	if plain {
		return s
	}
	const maxChunk = 45 // bytes: 60 in base64, 72 with "=?utf-8?b?" and "?="
	var words []string
	for len(s) > 0 {
		n := min(len(s), maxChunk)
		for n > 1 && n < len(s) && !utf8.RuneStart(s[n]) {
			n--
		}
		words = append(words, "=?utf-8?b?"+base64.StdEncoding.EncodeToString([]byte(s[:n]))+"?=")
		s = s[n:]
	}
	return strings.Join(words, " ")
}

// fold breaks a header line at spaces so that lines stay under 78
// characters where they can (RFC 5322 §2.2.3). Its input has no runs of
// spaces, so no folded line is only whitespace.
func fold(line string) string {
	if len(line) <= 78 {
		return line
	}
	words := strings.Split(line, " ")
	var b strings.Builder
	n := 0
	for i, w := range words {
		switch {
		case i == 0:
		case n+1+len(w) > 76 && w != "":
			b.WriteString("\r\n")
			n = 0
		}
		if i > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}
