package redact

import "strings"

// Email addresses, web addresses and social media handles.

func isEmailLocal(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c == '\''
}

func isDomainChar(c byte) bool { return isAlnum(c) || c == '-' || c == '.' }

// findEmails finds name@domain.tld in any case.
func findEmails(sc *scan, _ *nameIndex, out []Span) []Span {
	s := sc.text
	for off := 0; ; {
		k := strings.IndexByte(s[off:], '@')
		if k < 0 {
			return out
		}
		k += off
		off = k + 1
		j := k
		for j > 0 && isEmailLocal(s[j-1]) {
			j--
		}
		for j < k && (s[j] == '.' || s[j] == '\'') {
			j++
		}
		if j == k || !boundaryBefore(s, j) {
			continue
		}
		e := domainEnd(s, k+1)
		if e < 0 {
			continue
		}
		out = append(out, Span{Start: j, End: e, Kind: KindEmail})
		off = e
	}
}

// domainEnd reads a domain name starting at i and returns where it ends, or
// -1 if there is none: at least two labels, the last of two or more letters.
func domainEnd(s string, i int) int {
	e := i
	for e < len(s) && isDomainChar(s[e]) {
		e++
	}
	for e > i && (s[e-1] == '.' || s[e-1] == '-') {
		e--
	}
	d := s[i:e]
	dot := strings.LastIndexByte(d, '.')
	if dot <= 0 || strings.Contains(d, "..") {
		return -1
	}
	tld := d[dot+1:]
	if len(tld) < 2 {
		return -1
	}
	for k := 0; k < len(tld); k++ {
		if !isASCIILetter(tld[k]) {
			return -1
		}
	}
	return e
}

// urlEnd extends a URL from i to the first space, then gives back trailing
// punctuation that belongs to the sentence: "see www.example.org/x)."
func urlEnd(s string, i int) int {
	e := i
	for e < len(s) {
		c := s[e]
		if c <= ' ' || c == '<' || c == '>' || c == '"' || c == '`' || c >= 0x80 {
			break
		}
		e++
	}
	for e > i {
		c := s[e-1]
		if strings.IndexByte(".,;:!?'*", c) >= 0 {
			e--
			continue
		}
		if c == ')' && strings.Count(s[i:e], "(") < strings.Count(s[i:e], ")") {
			e--
			continue
		}
		if c == ']' && strings.Count(s[i:e], "[") < strings.Count(s[i:e], "]") {
			e--
			continue
		}
		break
	}
	return e
}

// webTLDs are the endings that make "name.tld" a web address without a
// scheme or "www.". Two-letter words ("it", "to", "be", "me", "us") are
// left out so that a missing space after a full stop is not a URL.
var webTLDs = setOf("com", "org", "net", "uk", "io", "info", "biz", "tv", "ie", "eu",
	"de", "fr", "nl", "es", "app", "dev", "blog", "online", "site", "xyz", "edu",
	"gov", "scot", "wales", "cymru", "shop", "store", "ly", "gg", "fm", "ca", "au",
	"nz", "website", "london", "social", "art", "link", "co")

// findURLs finds http(s):// and www. addresses, and bare domains such as
// example.org or example.co.uk/page.
func findURLs(sc *scan, _ *nameIndex, out []Span) []Span {
	s := sc.text
	// Scheme URLs.
	for off := 0; ; {
		k := strings.Index(s[off:], "://")
		if k < 0 {
			break
		}
		k += off
		off = k + 3
		j := k
		for j > 0 && isASCIILetter(s[j-1]) {
			j--
		}
		switch strings.ToLower(s[j:k]) {
		case "http", "https", "ftp", "ftps":
		default:
			continue
		}
		e := urlEnd(s, k+3)
		if e > k+3 {
			out = append(out, Span{Start: j, End: e, Kind: KindURL})
			off = e
		}
	}
	// Bare domains, with "www." or without.
	for off := 0; ; {
		k := strings.IndexByte(s[off:], '.')
		if k < 0 {
			break
		}
		k += off
		off = k + 1
		if k == 0 || k+1 >= len(s) || !isAlnum(s[k-1]) || !isAlnum(s[k+1]) {
			continue
		}
		j := k
		for j > 0 && isDomainChar(s[j-1]) {
			j--
		}
		for j < k && !isAlnum(s[j]) {
			j++
		}
		if !boundaryBefore(s, j) || (j > 0 && (s[j-1] == '@' || s[j-1] == '/' || s[j-1] == '.')) {
			continue
		}
		e := domainEnd(s, j)
		if e < 0 {
			continue
		}
		d := s[j:e]
		tld := d[strings.LastIndexByte(d, '.')+1:]
		www := len(d) > 4 && strings.EqualFold(d[:4], "www.")
		if !www {
			if !webTLDs[strings.ToLower(tld)] {
				continue
			}
			// "ok.Com" after a missing space is not a web address; a
			// domain is all lower case or all capitals, or has only its
			// first letter capitalised ("Facebook.com/...").
			if hasUpper(d) && hasLower(d) && !(d[0] >= 'A' && d[0] <= 'Z' && !hasUpper(d[1:])) {
				continue
			}
		}
		if e < len(s) && (s[e] == '@' || isAlnum(s[e])) {
			continue
		}
		if e < len(s) && s[e] == '/' {
			e = urlEnd(s, e)
		}
		out = append(out, Span{Start: j, End: e, Kind: KindURL})
		off = e
	}
	return out
}

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

func hasLower(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'a' && s[i] <= 'z' {
			return true
		}
	}
	return false
}

// findHandles finds social media handles, "@ellie_art", as other: they
// identify as surely as a name.
func findHandles(sc *scan, _ *nameIndex, out []Span) []Span {
	s := sc.text
	for off := 0; ; {
		k := strings.IndexByte(s[off:], '@')
		if k < 0 {
			return out
		}
		k += off
		off = k + 1
		if k > 0 && (isAlnum(s[k-1]) || s[k-1] == '.' || s[k-1] == '_' || s[k-1] >= 0x80) {
			continue
		}
		e := k + 1
		letters := 0
		for e < len(s) && (isAlnum(s[e]) || s[e] == '_' || s[e] == '.') {
			if isASCIILetter(s[e]) {
				letters++
			}
			e++
		}
		for e > k+1 && s[e-1] == '.' {
			e--
		}
		if letters == 0 || e-k < 3 || !boundaryAfter(s, e) {
			continue
		}
		out = append(out, Span{Start: k, End: e, Kind: KindOther})
		off = e
	}
}
