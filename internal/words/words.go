// Package words turns Confidant's codes into the plain English that people
// read: request kinds, statuses, finding codes, audit events, roles,
// redaction kinds, and dates and times. Every page, PDF, CSV header and
// chart takes its words from here, so a code never reaches a reader and
// the same thing is always called the same name.
//
// The package is pure: it imports only the standard library, so the
// domain packages, the web layer and the PDF writers can all use it.
package words

import (
	"confidant/internal/request"
	"fmt"
	"regexp"
	"strings"
	"time"

	// The zone database travels inside the binary, so Europe/London is
	// right on a server without /usr/share/zoneinfo.
	_ "time/tzdata"
)

// lookup is a table of codes and their words.
type lookup map[string]string

// of gives the words for code, or a readable fallback made from the code
// itself ("smtp.test" → "smtp test") so that a code added without words
// still reads as words, never as snake_case.
func (l lookup) of(code string) string {
	if s, ok := l[code]; ok {
		return s
	}
	return Humanise(code)
}

// Humanise makes a code readable when no words are known for it: dots,
// underscores and hyphens become spaces and the first letter is capital.
func Humanise(code string) string {
	s := strings.TrimSpace(strings.NewReplacer("_", " ", ".", " ", "-", " ").Replace(code))
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Kind is the name of a kind of request.
func Kind(code string) string { return kinds.of(code) }

var kinds = lookup{
	"victim_information_request": "Victim information request",
	"witness_summons":            "Witness summons",
	"court_order":                "Court order",
	"other":                      "Something else",
}

// Status is where a request stands, as the staff pages say it: the label
// the request lifecycle gives each status (internal/request, the one list).
func Status(code string) string { return statuses.of(code) }

var statuses = func() lookup {
	l := lookup{}
	for _, o := range request.Statuses() {
		l[o.Value] = o.Label
	}
	return l
}()

// FollowUp is what a lead must chase on a request, as a line of the
// dashboard's "to do" list.
func FollowUp(f request.FollowUp) string { return followUps.of(string(f)) }

var followUps = lookup{
	string(request.FollowUpClarification):         "Clarification awaited from the police",
	string(request.FollowUpConfirmNotice):         "Notice to the client to follow: confirm it was given",
	string(request.FollowUpReverifyAuthorisation): "Authorisation to re-verify",
	string(request.FollowUpVerifyRequester):       "Verify the requester by calling the force's published switchboard",
}

// Verdict is the checker's verdict in words.
func Verdict(code string) string { return verdicts.of(code) }

var verdicts = lookup{
	"compliant":          "Compliant",
	"non_compliant":      "Not compliant",
	"needs_verification": "Needs verification",
	"compulsory":         "Court process (compulsory)",
}

// Severity is a finding's severity in words.
func Severity(code string) string { return severities.of(code) }

var severities = lookup{
	"defect": "Defect",
	"verify": "To verify",
	"info":   "For information",
}

// Role is a staff role's name.
func Role(code string) string { return roles.of(code) }

var roles = lookup{
	"counsellor": "Counsellor",
	"lead":       "Safeguarding lead",
	"admin":      "Administrator",
}

// Channel is how a request arrived.
func Channel(code string) string { return channels.of(code) }

var channels = lookup{
	"email":        "Email",
	"secure_email": "Secure email",
	"post":         "Post",
	"hand":         "Delivered by hand",
	"phone":        "Phone call",
}

// Ground is a ground for withholding notice or leaving statements out.
func Ground(code string) string {
	if code == "" {
		return "No ground stated"
	}
	return grounds.of(code)
}

var grounds = lookup{
	"not_practicable":              "Not practicable",
	"interfere_with_investigation": "Might interfere with the investigation",
	"serious_harm":                 "Might create a risk of serious harm",
}

// Notice is what a request says about notice to the victim.
func Notice(code string) string {
	if code == "" {
		return "Not stated"
	}
	return notices.of(code)
}

var notices = lookup{
	"given":     "Notice given",
	"to_follow": "Notice to follow",
	"withheld":  "Notice withheld",
	"none":      "No notice given",
}

// NoticeTo is who was given notice, as the middle of a sentence: "the
// victim".
func NoticeTo(code string) string {
	if code == "" {
		return "not stated"
	}
	if s, ok := noticeTo[code]; ok {
		return s
	}
	return strings.ToLower(Humanise(code))
}

var noticeTo = lookup{
	"victim":                 "the victim",
	"parent":                 "a parent",
	"guardian":               "a guardian",
	"local_authority":        "the local authority",
	"voluntary_organisation": "the voluntary organisation caring for the victim",
	"appropriate_adult":      "an appropriate adult",
	"other":                  "someone else",
}

// Redaction is the name of a kind of redacted span, as a marker or a
// chart shows it.
func Redaction(code string) string { return redactions.of(code) }

var redactions = lookup{
	"name":                 "Name",
	"phone":                "Phone number",
	"email":                "Email address",
	"postcode":             "Postcode",
	"address":              "Address",
	"nhs_number":           "NHS number",
	"ni_number":            "National Insurance number",
	"date_of_birth":        "Date of birth",
	"bank_details":         "Bank details",
	"url":                  "Web address",
	"vehicle_registration": "Vehicle registration",
	"other":                "Other",
}

// Decision is a client's answer on the portal.
func Decision(code string) string { return decisions.of(code) }

var decisions = lookup{
	"agree":    "agreed",
	"refuse":   "said no",
	"talk":     "asked to talk it through first",
	"withdraw": "took back their agreement",
}

// Answer is a client's answer on the portal as staff pages quote it
// ("her answer: she agrees").
func Answer(code string) string { return answers.of(code) }

var answers = lookup{
	"agree":    "she agrees",
	"refuse":   "she says no",
	"talk":     "she wants to talk to someone first",
	"withdraw": "she took back her agreement",
}

// CallOutcome is the result of a call-back to the force.
func CallOutcome(code string) string { return callOutcomes.of(code) }

var callOutcomes = lookup{
	"confirmed":     "the force confirmed the request and its authorisation",
	"not_confirmed": "the force did not confirm it",
	"no_answer":     "no answer",
}

// Codes lists every code this package has words for, for tests that look
// for a raw code on a page.
func Codes() []string {
	var out []string
	for _, l := range []lookup{kinds, statuses, verdicts, roles, channels, grounds, notices, noticeTo, redactions, findingTitles, events, callOutcomes} {
		for k := range l {
			if strings.ContainsAny(k, "_.") {
				out = append(out, k)
			}
		}
	}
	return out
}

// snake matches a code-shaped token: lower-case words joined by
// underscores.
var snake = regexp.MustCompile(`\b[a-z]+(?:_[a-z0-9]+)+\b`)

// RawCodes returns the known codes that appear in text as whole tokens:
// what a page or PDF must never show a reader.
func RawCodes(text string) []string {
	known := map[string]bool{}
	for _, c := range Codes() {
		known[c] = true
	}
	var found []string
	seen := map[string]bool{}
	for _, m := range snake.FindAllString(text, -1) {
		if known[m] && !seen[m] {
			seen[m] = true
			found = append(found, m)
		}
	}
	return found
}

// Plural writes a count with the right form of the noun: "1 note",
// "2 notes".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// London is the zone every time is shown in.
var London = mustZone("Europe/London")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // cannot happen: time/tzdata is embedded
	}
	return loc
}

// Date writes a day in words: "8 October 2026". The zero time is "not
// stated".
func Date(t time.Time) string {
	if t.IsZero() {
		return "not stated"
	}
	return t.In(London).Format("2 January 2006")
}

// Time writes a moment in words, in London time: "8 October 2026 at 14:05".
func Time(t time.Time) string {
	if t.IsZero() {
		return "not stated"
	}
	return t.In(London).Format("2 January 2006 at 15:04")
}

// Day writes a YYYY-MM-DD date in words; anything else is returned as it
// came, and an empty one is "not stated".
func Day(iso string) string {
	if strings.TrimSpace(iso) == "" {
		return "not stated"
	}
	t, err := time.Parse("2006-01-02", strings.TrimSpace(iso))
	if err != nil {
		return iso
	}
	return t.Format("2 January 2006")
}

// Period writes a date range given as YYYY-MM-DD: "1 January 2025 to 30
// June 2025", with "not stated" for a missing end, never "? to ?".
func Period(from, to string) string {
	from, to = strings.TrimSpace(from), strings.TrimSpace(to)
	switch {
	case from == "" && to == "":
		return "not stated"
	case to == "":
		return "from " + Day(from) + " (no end date stated)"
	case from == "":
		return "up to " + Day(to) + " (no start date stated)"
	}
	return Day(from) + " to " + Day(to)
}

// FormerStaff stands for a member of staff whose name is not known: the
// account is gone, or its name cannot be read.
const FormerStaff = "a former member of staff"

// NameUnavailable stands for the name of an account that exists but whose
// name cannot be read.
const NameUnavailable = "(name unavailable)"

// StaffName is a member of staff's name as a page shows it: the name, or
// FormerStaff for one not known ("").
func StaffName(name string) string {
	if name == "" {
		return FormerStaff
	}
	return name
}

// Actor names who did something when it was not a member of staff: the
// client (portal), the officer (download page), Confidant itself, or the
// command line. ok is false for a staff member's id, whose name the
// caller looks up.
func Actor(id string) (name string, ok bool) {
	switch {
	case strings.HasPrefix(id, "client:") || id == "client":
		return "The client", true
	case id == "officer":
		return "The officer", true
	case id == "system" || id == "":
		return "Confidant, automatically", true
	case id == "cli":
		return "An administrator, at the server", true
	case id == "anonymous":
		return "Someone not signed in", true
	}
	return "", false
}
