package intake

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"confidant/internal/fault"
)

// ErrNoBody is returned for an email with neither a body nor an attachment
// that holds text.
var ErrNoBody = fault.New(fault.Invalid, "the email has no body and no readable attachment")

const (
	maxMIMEParts = 200
	maxMIMEDepth = 8
)

// Sender is what an email's headers say about who sent it: the addresses a
// lead compares, and the verdicts that the receiving server recorded.
type Sender struct {
	From       string `json:"from"`
	ReplyTo    string `json:"reply_to,omitempty"`
	ReturnPath string `json:"return_path,omitempty"`
	SPF        string `json:"spf,omitempty"`
	DKIM       string `json:"dkim,omitempty"`
	DMARC      string `json:"dmarc,omitempty"`
	// AuthResults is the Authentication-Results header as received.
	AuthResults string `json:"authentication_results,omitempty"`
}

// email is a parsed message: its headers of interest and its text parts.
type email struct {
	header      mail.Header
	sender      Sender
	date        time.Time
	received    time.Time
	subject     string
	to          string
	body        string // the plain body, or the HTML body stripped
	attachments []attachment
}

type attachment struct {
	name string
	data []byte
	ct   string
}

// parseEmail reads an RFC 5322 message with its MIME parts.
func parseEmail(data []byte) (*email, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("not an email message: %w", err)
	}
	e := &email{header: msg.Header}
	dec := new(mime.WordDecoder)
	dec.CharsetReader = charsetReader
	hdr := func(k string) string {
		v := msg.Header.Get(k)
		if d, err := dec.DecodeHeader(v); err == nil {
			v = d
		}
		return strings.TrimSpace(strings.Join(strings.Fields(v), " "))
	}
	e.subject = hdr("Subject")
	e.to = hdr("To")
	e.sender.From = addressOf(hdr("From"))
	e.sender.ReplyTo = addressOf(hdr("Reply-To"))
	e.sender.ReturnPath = strings.Trim(addressOf(hdr("Return-Path")), "<>")
	if ar := msg.Header["Authentication-Results"]; len(ar) > 0 {
		// The topmost header is the one our own receiving server added.
		e.sender.AuthResults = strings.Join(strings.Fields(ar[0]), " ")
		e.sender.SPF = authResult(ar[0], "spf")
		e.sender.DKIM = authResult(ar[0], "dkim")
		e.sender.DMARC = authResult(ar[0], "dmarc")
	}
	if d, err := msg.Header.Date(); err == nil {
		e.date = d
	}
	if rs := msg.Header["Received"]; len(rs) > 0 {
		if i := strings.LastIndexByte(rs[0], ';'); i >= 0 {
			if t, err := mail.ParseDate(strings.TrimSpace(rs[0][i+1:])); err == nil {
				e.received = t
			}
		}
	}
	parts := 0
	if err := e.walk(textproto(msg.Header), msg.Body, 0, &parts); err != nil {
		return nil, err
	}
	return e, nil
}

// textproto adapts mail.Header to the part-header lookups walk needs.
func textproto(h mail.Header) func(string) string {
	return func(k string) string { return h.Get(k) }
}

// walk reads one MIME entity: a multipart container, a text body, an
// attachment or an attached message.
func (e *email) walk(get func(string) string, body io.Reader, depth int, parts *int) error {
	*parts++
	if *parts > maxMIMEParts || depth > maxMIMEDepth {
		return errors.New("the email has too many or too deeply nested parts")
	}
	ct := get("Content-Type")
	mediaType, params, err := mime.ParseMediaType(ct)
	if err != nil || ct == "" {
		mediaType, params = "text/plain", map[string]string{"charset": "us-ascii"}
	}
	disp, dparams, _ := mime.ParseMediaType(get("Content-Disposition"))
	name := dparams["filename"]
	if name == "" {
		name = params["name"]
	}
	raw, err := io.ReadAll(io.LimitReader(body, MaxFileBytes+1))
	if err != nil {
		return fmt.Errorf("read email part: %w", err)
	}
	switch strings.ToLower(strings.TrimSpace(get("Content-Transfer-Encoding"))) {
	case "base64":
		clean := bytes.Map(func(r rune) rune {
			if r == '\r' || r == '\n' || r == ' ' || r == '\t' {
				return -1
			}
			return r
		}, raw)
		dst := make([]byte, base64.StdEncoding.DecodedLen(len(clean)))
		n, derr := base64.StdEncoding.Decode(dst, clean)
		if derr != nil {
			n, _ = base64.RawStdEncoding.Decode(dst, bytes.TrimRight(clean, "="))
		}
		raw = dst[:n]
	case "quoted-printable":
		if b, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(raw))); err == nil {
			raw = b
		}
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		boundary := params["boundary"]
		if boundary == "" {
			return nil
		}
		mr := multipart.NewReader(bytes.NewReader(raw), boundary)
		var alternatives []string
		for {
			p, err := mr.NextRawPart()
			if err != nil {
				break
			}
			if mediaType == "multipart/alternative" {
				// Prefer the plain version of the same body.
				sub := &email{}
				if err := sub.walk(func(k string) string { return p.Header.Get(k) }, p, depth+1, parts); err != nil {
					return err
				}
				pct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
				if sub.body != "" {
					if pct == "text/plain" {
						alternatives = append([]string{sub.body}, alternatives...)
					} else {
						alternatives = append(alternatives, sub.body)
					}
				}
				e.attachments = append(e.attachments, sub.attachments...)
				continue
			}
			if err := e.walk(func(k string) string { return p.Header.Get(k) }, p, depth+1, parts); err != nil {
				return err
			}
		}
		if len(alternatives) > 0 {
			e.addBody(alternatives[0])
		}
		return nil
	}
	isAttachment := disp == "attachment" || (name != "" && disp != "inline")
	switch {
	case mediaType == "message/rfc822":
		// A forwarded message: its text is part of what arrived.
		inner, err := parseEmail(raw)
		if err != nil {
			return nil
		}
		var b strings.Builder
		b.WriteString("---------- Forwarded message ----------\n")
		if inner.sender.From != "" {
			fmt.Fprintf(&b, "From: %s\n", inner.sender.From)
		}
		if !inner.date.IsZero() {
			fmt.Fprintf(&b, "Date: %s\n", inner.date.Format("2 January 2006"))
		}
		if inner.subject != "" {
			fmt.Fprintf(&b, "Subject: %s\n", inner.subject)
		}
		b.WriteString("\n")
		b.WriteString(inner.body)
		e.addBody(b.String())
		e.attachments = append(e.attachments, inner.attachments...)
	case !isAttachment && mediaType == "text/plain":
		e.addBody(decodeCharset(raw, params["charset"]))
	case !isAttachment && mediaType == "text/html":
		e.addBody(htmlText(decodeCharset(raw, params["charset"])))
	default:
		if name == "" {
			name = "attachment"
		}
		e.attachments = append(e.attachments, attachment{name: path.Base(strings.ReplaceAll(name, "\\", "/")), data: raw, ct: mediaType})
	}
	return nil
}

func (e *email) addBody(s string) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if s == "" {
		return
	}
	if e.body != "" {
		e.body += "\n\n"
	}
	e.body += s
}

// addressOf returns the bare address of a header like "Ann Lee <a@b>", or
// the header as written if it does not parse.
func addressOf(h string) string {
	if h == "" {
		return ""
	}
	if a, err := mail.ParseAddress(h); err == nil {
		return strings.ToLower(a.Address)
	}
	if i := strings.LastIndexByte(h, '<'); i >= 0 {
		if j := strings.IndexByte(h[i:], '>'); j > 0 {
			return strings.ToLower(strings.TrimSpace(h[i+1 : i+j]))
		}
	}
	return strings.ToLower(strings.TrimSpace(h))
}

// authResult reads one method's result ("pass", "fail", "softfail" ...)
// from an Authentication-Results header (RFC 8601).
func authResult(h, method string) string {
	for _, part := range strings.Split(h, ";") {
		f := strings.Fields(strings.TrimSpace(part))
		if len(f) == 0 {
			continue
		}
		k, v, ok := strings.Cut(f[0], "=")
		if ok && strings.EqualFold(k, method) {
			return strings.ToLower(strings.Trim(v, "()"))
		}
	}
	return ""
}

// decodeCharset turns a body in a declared charset into UTF-8. The charsets
// mail clients use for English text are handled; anything else is read as
// UTF-8 with invalid bytes dropped.
func decodeCharset(b []byte, charset string) string {
	switch strings.ToLower(strings.TrimSpace(charset)) {
	case "iso-8859-1", "latin1", "iso8859-1", "iso-8859-15", "windows-1252", "cp1252":
		var s strings.Builder
		for _, c := range b {
			s.WriteRune(winAnsi(c))
		}
		return s.String()
	}
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "")
}

func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	b, err := io.ReadAll(io.LimitReader(input, 1<<20))
	if err != nil {
		return nil, err
	}
	return strings.NewReader(decodeCharset(b, charset)), nil
}
