package redact

// Other identifiers: reference numbers that name a case or a record ("crime
// reference 13/45678/25", "passport number 123456789") and any long run of
// digits or long letter-and-digit code that no other detector claimed. Such
// numbers never carry meaning a disclosure needs, and they can be looked up.

// refCueWords introduce a reference number by themselves.
var refCueWords = setOf("reference", "ref", "urn", "crn", "cad", "mrn", "pnc", "passport",
	"nino", "docket")

// refWeakCues do so only when "number", "no", "ref" or "reference" follows:
// "crime reference", "case number", but not "her sleep log 2024-25".
var refWeakCues = setOf("crime", "case", "log", "incident", "occurrence", "claim",
	"licence", "license", "hospital", "patient", "policy", "membership", "tenancy",
	"customer", "student", "employee", "payroll", "custody", "ticket", "serial",
	"account", "file", "record", "job", "booking", "tracking", "order", "driving")

var refNumberWords = setOf("number", "no", "num", "nr", "ref", "reference", "id", "code")

// refFiller may stand between a cue and the number: "reference number is".
var refFiller = setOf("number", "no", "num", "nr", "is", "was", "reference", "ref",
	"id", "code", "of", "their", "her", "his", "the", "a", "number:")

// findReferences finds a code with digits after a reference cue.
func findReferences(sc *scan, _ *nameIndex, out []Span) []Span {
	if sc.lexAny&(lxRefCue|lxRefWeak) == 0 {
		return out
	}
	toks := sc.toks
	for i := 0; i < len(toks); i++ {
		if toks[i].kind != tWord {
			continue
		}
		if toks[i].lex&lxRefCue == 0 {
			if toks[i].lex&lxRefWeak == 0 || i+1 >= len(toks) || !refNumberWords[string(sc.fold(sc.str(i+1)))] {
				continue
			}
		}
		for k := i + 1; k < len(toks) && k <= i+5; k++ {
			t := toks[k]
			if sc.breakBefore(k) {
				break
			}
			if t.kind == tPunct && sc.isPunct(k, ":#.-–") {
				continue
			}
			if t.kind == tWord && refFiller[string(sc.fold(sc.str(k)))] {
				continue
			}
			if t.gap == gNone && k > i+1 {
				break
			}
			e, last, ok := sc.codeAt(k)
			if ok {
				out = append(out, Span{Start: t.start(), End: e, Kind: KindOther})
				i = last
			}
			break
		}
	}
	return out
}

// codeAt reads an identifier starting at token k: letters, digits, "/" and
// "-" run together ("13/45678/25", "CR-2025-1234"), with at least four
// digits, that is not a date, a time or a year.
func (sc *scan) codeAt(k int) (end, last int, ok bool) {
	toks := sc.toks
	if toks[k].kind == tPunct {
		return 0, 0, false
	}
	if _, isDate := sc.parseDate(k); isDate && toks[k].kind == tNum {
		return 0, 0, false
	}
	digits, letters := 0, 0
	j := k
	for ; j < len(toks); j++ {
		t := toks[j]
		if j > k && t.gap != gNone {
			break
		}
		switch t.kind {
		case tNum:
			digits += t.end() - t.start()
		case tWord:
			letters += t.end() - t.start()
		case tPunct:
			if !sc.isPunct(j, "/-") || j+1 >= len(toks) || toks[j+1].gap != gNone || toks[j+1].kind == tPunct {
				goto done
			}
		}
	}
done:
	last = j - 1
	if digits < 4 {
		return 0, 0, false
	}
	if last == k && toks[k].kind == tNum {
		if v, n, _ := sc.num(k); n == 4 && v >= 1900 && v <= 2099 {
			return 0, 0, false
		}
	}
	if sc.isPunct(last+1, ":") && sc.attached(last+1) {
		return 0, 0, false // a time
	}
	return toks[last].end(), last, true
}

// socialCues name an account on a social network: the handle after them
// identifies, with or without an "@".
var socialCues = setOf("instagram", "insta", "snapchat", "snap", "tiktok", "twitter",
	"facebook", "fb", "username", "handle", "gamertag", "xbox", "psn", "discord",
	"telegram", "threads", "bluesky", "youtube", "twitch", "reddit", "onlyfans")

// findSocialHandles finds "her Snapchat is ellie_shaw99": after a social
// network's name, a handle with an underscore, a digit or an inner dot
// (which ordinary words lack: "her Instagram is private" stays).
func findSocialHandles(sc *scan, _ *nameIndex, out []Span) []Span {
	if sc.lexAny&lxSocial == 0 {
		return out
	}
	toks := sc.toks
	for i := 0; i < len(toks); i++ {
		if toks[i].lex&lxSocial == 0 {
			continue
		}
		for k := i + 1; k < len(toks) && k <= i+4; k++ {
			t := toks[k]
			if sc.breakBefore(k) {
				break
			}
			if t.kind == tPunct && sc.isPunct(k, ":-–(") {
				continue
			}
			if t.kind == tWord && (socialFiller[string(sc.fold(sc.str(k)))] || t.lex&lxSocial != 0) {
				continue
			}
			if e, last, ok := sc.handleAt(k); ok {
				out = append(out, Span{Start: t.start(), End: e, Kind: KindOther})
				i = last
			}
			break
		}
	}
	return out
}

var socialFiller = setOf("is", "was", "name", "username", "handle", "account", "id", "as",
	"called", "her", "his", "their", "new", "old", "the", "on")

// handleAt reads a handle starting at token k: letters, digits, "_", "."
// and "-" run together, with at least one underscore, digit or inner dot.
func (sc *scan) handleAt(k int) (end, last int, ok bool) {
	toks := sc.toks
	if toks[k].kind == tPunct {
		return 0, 0, false
	}
	marked := false
	j := k
	for ; j < len(toks); j++ {
		t := toks[j]
		if j > k && t.gap != gNone {
			break
		}
		switch t.kind {
		case tNum:
			marked = true
		case tPunct:
			if !sc.isPunct(j, "_.-") || j+1 >= len(toks) || toks[j+1].gap != gNone || toks[j+1].kind == tPunct {
				return toks[j-1].end(), j - 1, marked && j-1 >= k
			}
			marked = marked || sc.isPunct(j, "_.")
		}
	}
	return toks[j-1].end(), j - 1, marked
}

// findLongNumbers finds runs of seven or more digits, and capitalised codes
// of eight or more letters and digits (a driving licence number), that
// nothing else explained.
func findLongNumbers(sc *scan, _ *nameIndex, out []Span) []Span {
	s := sc.text
	for _, r := range sc.runs {
		i := int(r)
		if i+6 >= len(s) || !isAlnum(s[i+6]) {
			continue // shorter than seven
		}
		e := alnumRun(s, i)
		if e-i < 7 || !boundaryAfter(s, e) {
			continue
		}
		digits, upper, lower := 0, 0, 0
		for k := i; k < e; k++ {
			switch c := s[k]; {
			case isDigit(c):
				digits++
			case c >= 'A' && c <= 'Z':
				upper++
			default:
				lower++
			}
		}
		switch {
		case digits == e-i && digits >= 7:
			out = append(out, Span{Start: i, End: e, Kind: KindOther})
		case e-i >= 8 && digits >= 3 && upper >= 2 && lower == 0:
			out = append(out, Span{Start: i, End: e, Kind: KindOther})
		}
	}
	return out
}
