package request

import (
	"strings"
	"unicode/utf8"
)

// emailDomain returns the lower-case domain of an email address as written
// in a request: "Ann Lee <ann@X.Police.UK>" gives "x.police.uk". An address
// with no "@" is taken to be a bare domain. The trailing dot of a fully
// qualified name is dropped, since "police.uk." is "police.uk".
func emailDomain(addr string) string {
	s := strings.TrimSpace(addr)
	if i := strings.LastIndexByte(s, '<'); i >= 0 {
		s = s[i+1:]
		if j := strings.IndexByte(s, '>'); j >= 0 {
			s = s[:j]
		}
	}
	s = strings.TrimPrefix(strings.TrimSpace(s), "mailto:")
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	s = strings.Trim(strings.TrimSpace(s), ">)]\"'")
	s = strings.TrimRight(s, ".")
	return strings.ToLower(s)
}

// underDomain reports whether domain is parent or one of its subdomains,
// comparing whole labels from the end: "x.police.uk" is under "police.uk";
// "xpolice.uk" and "police.uk.example.com" are not.
func underDomain(domain, parent string) bool {
	parent = strings.Trim(strings.ToLower(strings.TrimSpace(parent)), ".")
	if parent == "" || domain == "" {
		return false
	}
	if domain == parent {
		return true
	}
	return strings.HasSuffix(domain, "."+parent) && len(domain) > len(parent)+1
}

// underAny reports whether domain is under one of parents.
func underAny(domain string, parents []string) bool {
	for _, p := range parents {
		if underDomain(domain, p) {
			return true
		}
	}
	return false
}

// foreignForceDomain reports whether a domain that is not allowed belongs
// to a police force or government of another country, which s.44E/F
// leaves outside ("forces of other countries", FINDINGS.md): a US
// government or military domain ("fbi.gov"), a domain under another
// country's code under a government label ("afp.gov.au", "police.govt.nz",
// "interieur.gouv.fr", "rcmp-grc.gc.ca"), or any non-UK domain naming a
// police force in another language ("polizei.bayern.de", "politie.nl").
// A lookalike such as "police.uk.co" has no government label and is left
// to the lookalike check.
func foreignForceDomain(domain string, allowed []string) bool {
	if domain == "" || underAny(domain, allowed) {
		return false
	}
	labels := strings.Split(domain, ".")
	tld := labels[len(labels)-1]
	if tld == "uk" || len(labels) < 2 {
		return false
	}
	if tld == "gov" || tld == "mil" {
		return true
	}
	for _, l := range labels[:len(labels)-1] {
		for _, w := range strings.FieldsFunc(l, func(r rune) bool { return r == '-' || r == '_' }) {
			if foreignPoliceWord(w) {
				return true
			}
		}
	}
	if len(tld) != 2 && tld != "scot" {
		return false
	}
	// The government label sits just under the country code, so that a
	// lookalike such as "nca.gov.uk.example.io" is not taken for one.
	switch labels[len(labels)-2] {
	case "gov", "govt", "gouv", "gob", "gub", "go", "gc", "gv", "admin", "bund", "government":
		return true
	}
	return false
}

// foreignPoliceWord reports whether one word names a police force in a
// language other than English ("Bundespolizei", "Politie", "Policía") or an
// international or foreign body known by its initials. Long stems match
// inside a word; short names only as the whole word.
func foreignPoliceWord(w string) bool {
	w = strings.ToLower(w)
	for _, stem := range [...]string{"polizei", "politie", "policia", "policie", "policja", "policija", "poliisi",
		"gendarmer", "carabinier", "guardiacivil", "interpol", "europol", "polismyndighet"} {
		if strings.Contains(w, stem) {
			return true
		}
	}
	switch w {
	case "politi", "politiet", "polis", "polisen", "garda", "gardai", "rcmp", "fbi", "nypd", "lapd":
		return true
	}
	return false
}

// isLookalike reports whether a domain that is not allowed imitates an
// allowed one: it contains an allowed domain's name, or the word "police",
// anywhere (FINDINGS.md, "Domains"). The test is run on the domain as
// written and on its skeleton, so that "p0lice-uk.com", a Cyrillic "о" in
// "pоlice.uk" or the punycode form of either is caught too.
func isLookalike(domain string, allowed []string) bool {
	if domain == "" {
		return false
	}
	forms := []string{domain}
	sk := skeleton(domain)
	if sk != domain {
		// A domain that had to be decoded or folded to read as an allowed
		// one is an imitation of it.
		if underAny(sk, allowed) {
			return true
		}
		forms = append(forms, sk)
	}
	for _, f := range forms {
		for _, v := range digitVariants(f) {
			if imitates(v, allowed) {
				return true
			}
		}
	}
	return false
}

// imitates is the lookalike test on one spelling of a domain.
func imitates(d string, allowed []string) bool {
	if strings.Contains(d, "police") {
		return true
	}
	flat := stripSeparators(d)
	tokens := strings.FieldsFunc(d, func(r rune) bool { return r == '.' || r == '-' || r == '_' })
	for _, a := range allowed {
		a = strings.Trim(strings.ToLower(strings.TrimSpace(a)), ".")
		if a == "" {
			continue
		}
		if strings.Contains(d, a) || strings.Contains(flat, stripSeparators(a)) {
			return true
		}
		// The allowed domain without its top-level label: "nca.gov" in
		// "ncagov.co.uk".
		if i := strings.LastIndexByte(a, '.'); i > 0 {
			if base := stripSeparators(a[:i]); len(base) >= 4 && strings.Contains(flat, base) {
				return true
			}
		}
		// The allowed domain's own name, its first label: "cjsm" in
		// "cjsm-secure.com". A short name ("nca") only as a whole token, so
		// that "francais.fr" is not taken for the National Crime Agency.
		name, _, _ := strings.Cut(a, ".")
		if len(name) >= 4 && strings.Contains(d, name) {
			return true
		}
		for _, t := range tokens {
			if t == name {
				return true
			}
		}
	}
	return strings.Contains(flat, "crimeagency")
}

func stripSeparators(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '.' || r == '-' || r == '_' {
			return -1
		}
		return r
	}, s)
}

// digitVariants spells a domain with the digits people use for look-alike
// letters read as letters: "p0l1ce" as "police" and "pollce".
func digitVariants(d string) []string {
	if !strings.ContainsAny(d, "01345") {
		return []string{d}
	}
	common := strings.NewReplacer("0", "o", "3", "e", "4", "a", "5", "s")
	base := common.Replace(d)
	return []string{d, strings.ReplaceAll(base, "1", "i"), strings.ReplaceAll(base, "1", "l")}
}

// skeleton decodes punycode labels and folds the non-ASCII letters most
// often used to imitate Latin ones, giving the ASCII a reader would see.
func skeleton(domain string) string {
	labels := strings.Split(domain, ".")
	for i, l := range labels {
		if strings.HasPrefix(l, "xn--") {
			if u, ok := punycodeDecode(l[4:]); ok {
				labels[i] = u
			}
		}
	}
	s := strings.Join(labels, ".")
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		b.WriteString(foldConfusable(r))
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldConfusable maps a letter that looks like a Latin one to it.
func foldConfusable(r rune) string {
	switch r {
	case 'а', 'ɑ', 'α', 'à', 'á', 'â', 'ã', 'ä', 'å', 'ā':
		return "a"
	case 'с', 'ϲ', 'ç', 'ć', 'č':
		return "c"
	case 'е', 'ε', 'è', 'é', 'ê', 'ë', 'ē', 'ė', 'ę':
		return "e"
	case 'һ':
		return "h"
	case 'і', 'ı', 'ι', 'ì', 'í', 'î', 'ï', 'ī', 'ӏ', 'ǀ':
		return "i"
	case 'ј':
		return "j"
	case 'к', 'κ':
		return "k"
	case 'ⅼ', 'ł', 'ľ', 'ĺ':
		return "l"
	case 'ñ', 'ń', 'ň':
		return "n"
	case 'о', 'ο', 'ò', 'ó', 'ô', 'õ', 'ö', 'ø', 'ō', 'ᴏ':
		return "o"
	case 'р', 'ρ':
		return "p"
	case 'ѕ', 'ś', 'š':
		return "s"
	case 'т', 'τ':
		return "t"
	case 'υ', 'ù', 'ú', 'û', 'ü', 'ū':
		return "u"
	case 'ν':
		return "v"
	case 'х', 'χ':
		return "x"
	case 'у', 'ý', 'ÿ':
		return "y"
	case 'ｐ':
		return "p"
	}
	if r >= 'Ａ' && r <= 'Ｚ' {
		return string(r - 'Ａ' + 'a')
	}
	if r >= 'ａ' && r <= 'ｚ' {
		return string(r - 'ａ' + 'a')
	}
	return string(r)
}

// punycodeDecode decodes one punycode label body (RFC 3492), without the
// "xn--" prefix. It reports false for anything malformed.
func punycodeDecode(s string) (string, bool) {
	const (
		base        = 36
		tmin        = 1
		tmax        = 26
		skew        = 38
		damp        = 700
		initialBias = 72
		initialN    = 128
	)
	if len(s) > 253 {
		return "", false
	}
	var out []rune
	rest := s
	if i := strings.LastIndexByte(s, '-'); i >= 0 {
		for _, r := range s[:i] {
			if r >= utf8.RuneSelf {
				return "", false
			}
			out = append(out, r)
		}
		rest = s[i+1:]
	}
	n, bias, i := initialN, initialBias, 0
	adapt := func(delta, numPoints int, first bool) int {
		if first {
			delta /= damp
		} else {
			delta /= 2
		}
		delta += delta / numPoints
		k := 0
		for delta > ((base-tmin)*tmax)/2 {
			delta /= base - tmin
			k += base
		}
		return k + (base-tmin+1)*delta/(delta+skew)
	}
	for pos := 0; pos < len(rest); {
		oldi, w := i, 1
		for k := base; ; k += base {
			if pos >= len(rest) {
				return "", false
			}
			c := rest[pos]
			pos++
			var digit int
			switch {
			case c >= 'a' && c <= 'z':
				digit = int(c - 'a')
			case c >= 'A' && c <= 'Z':
				digit = int(c - 'A')
			case c >= '0' && c <= '9':
				digit = int(c-'0') + 26
			default:
				return "", false
			}
			if digit > (1<<30-i)/w {
				return "", false
			}
			i += digit * w
			t := k - bias
			if t < tmin {
				t = tmin
			} else if t > tmax {
				t = tmax
			}
			if digit < t {
				break
			}
			if w > (1<<30)/(base-t) {
				return "", false
			}
			w *= base - t
		}
		bias = adapt(i-oldi, len(out)+1, oldi == 0)
		n += i / (len(out) + 1)
		if n > utf8.MaxRune {
			return "", false
		}
		i %= len(out) + 1
		out = append(out, 0)
		copy(out[i+1:], out[i:])
		out[i] = rune(n)
		i++
	}
	return string(out), true
}
