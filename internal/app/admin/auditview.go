package admin

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"confidant/internal/audit"
	"confidant/internal/words"
)

// AuditLine is one audit entry as a reviewer reads it: a sentence naming
// who did what to which record, by reference, never by content.
type AuditLine struct {
	Seq      int64
	At       time.Time // zero if the entry has no time
	Event    string    // the code, for the filter
	Sentence string
	Detail   string // what else the entry holds, in words where known
}

// auditNamer resolves the ids an audit entry holds into names and
// references, once each per page.
type auditNamer struct {
	a     *Service
	ctx   context.Context
	cache map[string]string
}

// person is a staff member's name, or the words for the client, the
// officer, Confidant itself or the command line.
func (n *auditNamer) person(id string) string {
	if s, ok := words.Actor(id); ok {
		return s
	}
	if s, ok := n.cache["u:"+id]; ok {
		return s
	}
	s := "a former member of staff"
	if u, err := n.a.core.DB.UserByID(n.ctx, id); err == nil {
		if name := n.a.core.UserName(u); name != "" {
			s = name
		} else {
			s = u.Email
		}
	}
	n.cache["u:"+id] = s
	return s
}

// record describes what an id names: a member of staff, a client, a
// request or a note, by name or reference; "" when it names none of them.
func (n *auditNamer) record(id string) string {
	if id == "" {
		return ""
	}
	if s, ok := n.cache["r:"+id]; ok {
		return s
	}
	s := ""
	if c, err := n.a.core.DB.ClientByID(n.ctx, id); err == nil {
		s = "client " + c.Reference
	} else if r, err := n.a.core.DB.RequestByID(n.ctx, id); err == nil {
		s = "request " + r.Reference
	} else if nt, err := n.a.core.DB.NoteByID(n.ctx, id); err == nil {
		s = "a note of " + n.record(nt.ClientID)
	} else if u, err := n.a.core.DB.UserByID(n.ctx, id); err == nil {
		if name := n.a.core.UserName(u); name != "" {
			s = name
		} else {
			s = u.Email
		}
	}
	n.cache["r:"+id] = s
	return s
}

// details reads an entry's "key=value key=value" detail.
func details(d string) map[string]string {
	m := map[string]string{}
	for _, f := range strings.Fields(d) {
		if k, v, ok := strings.Cut(f, "="); ok {
			m[k] = v
		}
	}
	return m
}

// AuditLines turns audit entries into sentences.
func (a *Service) AuditLines(ctx context.Context, es []audit.Entry) []AuditLine {
	n := &auditNamer{a: a, ctx: ctx, cache: map[string]string{}}
	out := make([]AuditLine, len(es))
	for i, e := range es {
		sentence := n.sentence(e)
		if sentence != "" {
			sentence = strings.ToUpper(sentence[:1]) + sentence[1:]
		}
		out[i] = AuditLine{Seq: e.Seq, At: e.At, Event: e.Event, Sentence: sentence, Detail: detailWords(e)}
	}
	return out
}

func (n *auditNamer) sentence(e audit.Entry) string {
	who := n.person(e.ActorID)
	d := details(e.Detail)
	what := words.Event(e.Event)
	switch e.Event {
	case "note.read":
		// One entry per page view: the client is the subject and the
		// detail counts the notes (older entries name one note each).
		count, _ := strconv.Atoi(d["notes"])
		if count == 0 {
			count = 1
		}
		s := fmt.Sprintf("%s read %s of %s", who, words.Plural(count, "note", "notes"), strings.TrimPrefix(n.record(e.Subject), "a note of "))
		if r := n.record(d["request"]); r != "" {
			s += " to draft the extract for " + r
		}
		return s + "."
	case "request.status":
		from, to, _ := strings.Cut(e.Detail, "->")
		return fmt.Sprintf("%s moved %s from \u201c%s\u201d to \u201c%s\u201d.", who, n.record(e.Subject), words.Status(from), words.Status(to))
	case "request.letter":
		return fmt.Sprintf("%s produced the letter \u201c%s\u201d for %s.", who, letterTitle(e.Detail), n.record(e.Subject))
	}
	s := who + " " + what
	if obj := n.record(e.Subject); obj != "" && obj != who {
		s += ": " + obj
	}
	return s + "."
}

// letterTitle names a letter kind without importing the letters package's
// templates here.
func letterTitle(kind string) string {
	switch kind {
	case "acknowledgement":
		return "Acknowledgement"
	case "clarification":
		return "Request for clarification"
	case "refusal":
		return "Refusal"
	case "cover":
		return "Disclosure cover letter"
	}
	return words.Humanise(kind)
}

// detailWords is the rest of an entry worth showing: fingerprints
// shortened, ids of notes left out (the sentence counts them).
func detailWords(e audit.Entry) string {
	switch e.Event {
	case "note.read", "request.status", "request.letter":
		return ""
	}
	var parts []string
	for _, f := range strings.Fields(e.Detail) {
		k, v, ok := strings.Cut(f, "=")
		if !ok {
			parts = append(parts, f)
			continue
		}
		switch k {
		case "sha256":
			if len(v) > 12 {
				v = v[:12] + "…"
			}
			parts = append(parts, "fingerprint "+v)
		case "verdict":
			parts = append(parts, "check: "+strings.ToLower(words.Verdict(v)))
		case "status":
			parts = append(parts, "status: "+strings.ToLower(words.Status(v)))
		case "method":
			parts = append(parts, "sent by "+map[string]string{"age": "encryption to the force's key", "link": "link and release code"}[v])
		default:
			parts = append(parts, strings.ReplaceAll(k, "_", " ")+" "+v)
		}
	}
	return strings.Join(parts, "; ")
}
