package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"confidant/internal/app/admin"
	"confidant/internal/audit"
	"confidant/internal/words"
)

// auditLine is one audit entry as a reviewer reads it: a sentence naming
// who did what to which record, by reference, never by content.
type auditLine struct {
	Seq      int64
	At       time.Time
	Event    string // the code, for the filter
	Sentence string
	Detail   string // what else the entry holds, in words where known
}

// auditLines words entries, with names the service resolved for the ids
// they hold.
func auditLines(es []audit.Entry, names map[string]admin.Record) []auditLine {
	n := auditNames(names)
	out := make([]auditLine, len(es))
	for i, e := range es {
		sentence := n.sentence(e)
		if sentence != "" {
			sentence = strings.ToUpper(sentence[:1]) + sentence[1:]
		}
		out[i] = auditLine{Seq: e.Seq, At: e.At, Event: e.Event, Sentence: sentence, Detail: auditDetailWords(e)}
	}
	return out
}

// auditNames words what the ids of audit entries name.
type auditNames map[string]admin.Record

// person is a staff member's name, or the words for the client, the
// officer, Confidant itself or the command line.
func (n auditNames) person(id string) string {
	if s, ok := words.Actor(id); ok {
		return s
	}
	if r, ok := n[id]; ok && r.Kind == admin.RecordStaff {
		return r.Name
	}
	return words.FormerStaff
}

// record describes what an id names: a member of staff, a client, a
// request or a note, by name or reference; "" when it names none of them.
func (n auditNames) record(id string) string {
	r, ok := n[id]
	if id == "" || !ok {
		return ""
	}
	switch r.Kind {
	case admin.RecordClient:
		return "client " + r.Reference
	case admin.RecordRequest:
		return "request " + r.Reference
	case admin.RecordNote:
		return "a note of " + n.record(r.ClientID)
	case admin.RecordStaff:
		return r.Name
	}
	return ""
}

// auditDetails reads an entry's "key=value key=value" detail.
func auditDetails(d string) map[string]string {
	m := map[string]string{}
	for _, f := range strings.Fields(d) {
		if k, v, ok := strings.Cut(f, "="); ok {
			m[k] = v
		}
	}
	return m
}

func (n auditNames) sentence(e audit.Entry) string {
	who := n.person(e.ActorID)
	d := auditDetails(e.Detail)
	what := words.Event(e.Event)
	switch e.Event {
	case audit.NoteRead:
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
	case audit.RequestStatus:
		from, to, _ := strings.Cut(e.Detail, "->")
		return fmt.Sprintf("%s moved %s from \u201c%s\u201d to \u201c%s\u201d.", who, n.record(e.Subject), words.Status(from), words.Status(to))
	case audit.RequestLetter:
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

// auditDetailWords is the rest of an entry worth showing: fingerprints
// shortened, ids of notes left out (the sentence counts them).
func auditDetailWords(e audit.Entry) string {
	switch e.Event {
	case audit.NoteRead, audit.RequestStatus, audit.RequestLetter:
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
