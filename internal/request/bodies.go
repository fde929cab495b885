package request

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"strings"
	"sync"
	"unicode"
)

// The bodies that may and may not make a victim information request
// (PCSC Act 2022 s.44E and s.44F), and the countries whose forces may not,
// are data rather than code: data/bodies.tsv and data/countries.tsv say how
// each line reads.
//
//go:embed data/bodies.tsv data/countries.tsv
var dataFiles embed.FS

// Scope says whether a body's people may make a victim information request.
type Scope string

// The scopes.
const (
	// ScopeWithin: constables, staff and contractors of a body s.44E or
	// s.44F names.
	ScopeWithin Scope = "within"
	// ScopeOutside: a body s.44E/F does not name, such as Police Scotland,
	// the PSNI or a force of another country.
	ScopeOutside Scope = "outside"
	// scopeContractor, in data/bodies.tsv only: outside on its own, within
	// as a contractor engaged by a body within that the name also gives.
	scopeContractor Scope = "contractor"
)

// Body is one body a request's force may name.
type Body struct {
	// ID is stable: monitoring keeps it in clear, so it is never renamed.
	// A country's is "country-" and its ISO 3166-1 code in lower case.
	ID      string
	Name    string
	Scope   Scope
	Basis   string // why it is within or outside s.44E/F, in a few words
	Domains []string
}

// RecognisedBody gives the stable id of the body a force's name, as written
// in a request, recognisably names: a police force of England and Wales or
// another body within s.44E/F, a body outside them, or a country whose
// forces are outside. ok is false for a name neither data file knows,
// which the checker then judges by the sender's domain.
func RecognisedBody(force string) (id string, ok bool) {
	b, ok := recogniseForce(force)
	return b.ID, ok
}

// RecognisedSender is RecognisedBody with the sender's email address to
// fall back on: a force name the data does not know is matched by the
// address's domain against the bodies' domains, the most specific domain
// winning ("kent.police.uk" is Kent Police; "police.uk" alone is nobody).
// A domain that more than one body shares (mod.gov.uk: MoD Police and the
// service police) recognises none.
func RecognisedSender(force, email string) (id string, ok bool) {
	if id, ok := RecognisedBody(force); ok {
		return id, true
	}
	d := emailDomain(email)
	if d == "" {
		return "", false
	}
	// Forces write both x.police.uk and the older x.pnn.police.uk.
	if strings.HasSuffix(d, ".pnn.police.uk") {
		d = strings.TrimSuffix(d, ".pnn.police.uk") + ".police.uk"
	}
	best, n := "", 0
	for _, bid := range bodyData().order {
		for _, bd := range bodyData().byID[bid].Domains {
			switch {
			case !underDomain(d, bd):
			case len(bd) > n:
				id, best, n = bid, bd, len(bd)
			case bd == best && id != bid:
				id = "" // shared by two bodies: not one of them
			}
		}
	}
	return id, id != ""
}

// BodyByID is the body with a stable id from RecognisedBody.
func BodyByID(id string) (Body, bool) {
	b, ok := bodyData().byID[id]
	return b, ok
}

// Bodies lists the bodies of data/bodies.tsv in file order (countries
// aside), for a page that shows who may ask.
func Bodies() []Body {
	d := bodyData()
	out := make([]Body, 0, len(d.order))
	for _, id := range d.order {
		b := d.byID[id]
		b.Domains = append([]string(nil), b.Domains...)
		out = append(out, b)
	}
	return out
}

// alias is one name a body goes by, as words to match in a row.
type alias struct {
	words []string
	id    string
	// exact aliases (abbreviations such as "US") match only as written,
	// in capitals; the others ignore case and accents.
	exact bool
}

type bodyIndex struct {
	byID    map[string]Body
	order   []string            // bodies.tsv's ids in file order
	byFirst map[string][]alias  // aliases by their first word
	outside []string            // every outside body's domains
	words   map[string]struct{} // every single-word name and abbreviation, folded
}

// bodyData is the index of the two data files, built once: it is read-only
// after that, so it is no mutable state.
var bodyData = sync.OnceValue(func() *bodyIndex {
	d, err := loadBodies()
	if err != nil {
		// The files are embedded and tested; a bad one is a build defect.
		panic(err)
	}
	return d
})

func loadBodies() (*bodyIndex, error) {
	d := &bodyIndex{byID: map[string]Body{}, byFirst: map[string][]alias{}, words: map[string]struct{}{}}
	err := eachLine("data/bodies.tsv", 5, func(f []string) error {
		b := Body{ID: f[0], Scope: Scope(f[1]), Basis: f[2], Domains: splitList(f[4])}
		if b.Scope != ScopeWithin && b.Scope != ScopeOutside && b.Scope != scopeContractor {
			return fmt.Errorf("body %s: scope %q", b.ID, f[1])
		}
		names := splitList(f[3])
		if len(names) == 0 {
			return fmt.Errorf("body %s has no name", b.ID)
		}
		b.Name = names[0]
		if err := d.addBody(b, names, nil); err != nil {
			return err
		}
		d.order = append(d.order, b.ID)
		if b.Scope != ScopeWithin {
			d.outside = append(d.outside, b.Domains...)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachLine("data/countries.tsv", 4, func(f []string) error {
		names := append(splitList(f[1]), splitList(f[2])...)
		abbrs := splitList(f[3])
		if len(splitList(f[1])) == 0 {
			return fmt.Errorf("country %s has no name", f[0])
		}
		b := Body{ID: "country-" + strings.ToLower(f[0]), Name: splitList(f[1])[0], Scope: ScopeOutside,
			Basis: "a country other than the United Kingdom: outside s.44E/F"}
		return d.addBody(b, names, abbrs)
	})
	return d, err
}

func (d *bodyIndex) addBody(b Body, names, abbrs []string) error {
	if _, dup := d.byID[b.ID]; dup {
		return fmt.Errorf("body %s listed twice", b.ID)
	}
	d.byID[b.ID] = b
	add := func(name string, exact bool) {
		var words []string
		for _, t := range forceTokens(name) {
			if exact {
				words = append(words, t.exact)
			} else {
				words = append(words, t.folded)
			}
		}
		if len(words) == 0 {
			return
		}
		if len(words) == 1 {
			d.words[strings.ToLower(words[0])] = struct{}{}
		}
		d.byFirst[words[0]] = append(d.byFirst[words[0]], alias{words: words, id: b.ID, exact: exact})
	}
	for _, n := range names {
		add(n, false)
	}
	for _, a := range abbrs {
		add(a, true)
	}
	return nil
}

// eachLine calls fn with the tab-separated fields of each line of an
// embedded data file that is neither blank nor a comment.
func eachLine(name string, fields int, fn func([]string) error) error {
	data, err := dataFiles.ReadFile(name)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != fields {
			return fmt.Errorf("%s line %d: %d fields, want %d", name, n, len(f), fields)
		}
		if err := fn(f); err != nil {
			return fmt.Errorf("%s line %d: %w", name, n, err)
		}
	}
	return sc.Err()
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ";") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// token is one word of a force's name, as written (letters and digits,
// dots and apostrophes dropped, so "U.S." is "US") and folded (lower case,
// accents folded).
type token struct{ exact, folded string }

// forceTokens splits a name into words: "&" is "and"; anything other than a
// letter, digit, dot or apostrophe separates words.
func forceTokens(s string) []token {
	var out []token
	var ex, fo strings.Builder
	flush := func() {
		if ex.Len() > 0 {
			out = append(out, token{ex.String(), fo.String()})
			ex.Reset()
			fo.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			ex.WriteRune(r)
			fo.WriteRune(unicode.ToLower(r))
		case r == '.' || r == '\'' || r == '\u2019':
			// "U.S.A." reads as "USA"; "Gardaí" and "Côte d'Ivoire" as words.
		case unicode.IsLetter(r):
			ex.WriteRune(r)
			fo.WriteString(foldConfusable(unicode.ToLower(r)))
		case r == '&':
			flush()
			out = append(out, token{"and", "and"})
		default:
			flush()
		}
	}
	flush()
	return out
}

// span is one alias found in a force's name, over words [from, to).
type span struct {
	from, to int
	id       string
}

// recogniseForce finds the body a force's name names. Where it names more
// than one, a longer name wins over one inside it ("New Scotland Yard" is
// the Met, not Scotland), and any body outside s.44E/F wins over one within
// ("Kent Police for the Gendarmerie" is a foreign request): the check errs
// towards a person looking.
func recogniseForce(force string) (Body, bool) {
	d := bodyData()
	toks := forceTokens(force)
	// In a name written all in capitals, "US" may be the word "us"
	// ("PLEASE CONTACT US"): abbreviations count only in mixed case.
	shouted := allCapitals(toks)
	var found []span
	for i, t := range toks {
		cands := d.byFirst[t.folded]
		if t.exact != t.folded && !shouted {
			cands = append(cands[:len(cands):len(cands)], d.byFirst[t.exact]...)
		}
		for _, a := range cands {
			if a.matchAt(toks, i) {
				found = append(found, span{i, i + len(a.words), a.id})
			}
		}
	}
	var kept []span
	for _, s := range found {
		inside := false
		for _, o := range found {
			if o.to-o.from > s.to-s.from && o.from <= s.from && s.to <= o.to {
				inside = true
				break
			}
		}
		if !inside {
			kept = append(kept, s)
		}
	}
	var within, contractor *Body
	for _, s := range kept {
		b := d.byID[s.id]
		switch {
		case b.Scope == ScopeOutside:
			return b, true
		case b.Scope == scopeContractor && contractor == nil:
			contractor = &b
		case b.Scope == ScopeWithin && within == nil:
			within = &b
		}
	}
	switch {
	case within != nil:
		// A contractor engaged by a body within is within (s.44E).
		return *within, true
	case contractor != nil:
		c := *contractor
		c.Scope = ScopeOutside
		return c, true
	}
	return Body{}, false
}

// allCapitals reports whether a name of two words or more is written all
// in capitals.
func allCapitals(toks []token) bool {
	words := 0
	for _, t := range toks {
		if t.exact != strings.ToUpper(t.exact) {
			return false
		}
		if strings.ToLower(t.exact) != t.exact {
			words++
		}
	}
	return words >= 2
}

// matchAt reports whether the alias's words stand in toks from i on.
func (a alias) matchAt(toks []token, i int) bool {
	if i+len(a.words) > len(toks) {
		return false
	}
	for k, w := range a.words {
		t := toks[i+k].folded
		if a.exact {
			t = toks[i+k].exact
		}
		if t != w {
			return false
		}
	}
	return true
}

// knownWord reports whether a word or phrase from a provider's own list of
// out-of-scope forces is one the data files already judge, so that the
// list's old entries do not override them: "scotland" (which the files
// know is not "Scotland Yard") or "us" (which the files take as a country
// only in capitals).
func knownWord(w string) bool {
	w = wordsOnly(w)
	if _, ok := bodyData().words[w]; ok {
		return true
	}
	_, ok := recogniseForce(w)
	return ok
}

// outsideDomains are the domains of bodies outside s.44E/F.
func outsideDomains() []string { return bodyData().outside }
