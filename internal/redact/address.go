package redact

import "strings"

// Street addresses: a house number, capitalised street words and a street
// suffix ("14 Elm Road", "Flat 3, 12 Acacia Avenue", "7a St Mary's Close").
// Without a number, a street is taken only after a preposition and with an
// unmistakable suffix ("moved to Larch Close"), so "the Crown Court" and
// "Hyde Park" stay. Towns are not taken: a town alone identifies no one.

var streetSuffixes = setOf("road", "street", "lane", "avenue", "close", "drive", "way",
	"court", "place", "crescent", "terrace", "gardens", "grove", "hill", "square", "row",
	"walk", "mews", "park", "rise", "view", "green", "parade", "vale", "wharf", "quay",
	"yard", "gate", "chase", "fold", "croft", "mount", "boulevard", "approach", "circus",
	"brow", "dene", "garth", "wynd", "heights", "meadow", "meadows", "fields", "path",
	"cottages", "villas", "buildings", "house", "lodge", "end", "hall", "manor", "bank",
	"side", "common", "leys", "glade", "grange", "close", "rd", "st", "ln", "ave", "av",
	"cl", "dr", "ct", "pl", "cres", "terr", "tce", "gdns", "gro", "sq", "pk", "blvd")

// strongSuffixes name a street whatever comes before them.
var strongSuffixes = setOf("road", "street", "lane", "avenue", "close", "crescent",
	"terrace", "grove", "mews", "drive", "rd", "ave", "gardens")

// lowerStreetStop are lower-case words that put a number in front of a
// street word without making an address: "a 10 minute drive".
var lowerStreetStop = setOf("minute", "minutes", "min", "mins", "mile", "miles", "hour",
	"hours", "hr", "hrs", "second", "day", "week", "month", "year", "main", "busy",
	"quiet", "long", "short", "dual", "side", "back", "narrow", "wide", "country",
	"very", "really", "lane", "way", "of", "the", "and", "or", "a", "an", "to", "in",
	"on", "at", "dead", "one", "two", "three", "four", "five", "more", "other",
	"different", "separate", "same", "new", "old", "km", "metre", "metres", "yard")

var unitWords = setOf("flat", "apartment", "apt", "unit", "room", "studio", "suite", "no")

// findAddresses finds street addresses.
func findAddresses(sc *scan, _ *nameIndex, out []Span) []Span {
	toks := sc.toks
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.kind == tNum:
			if sc.text[t.start()] == '0' || t.end()-t.start() > 4 {
				continue
			}
			j := i + 1
			// "14a", "12-14", "12/14"
			if j < len(toks) && sc.attached(j) && toks[j].kind == tWord && toks[j].end()-toks[j].start() == 1 {
				j++
			} else if sc.isPunct(j, "-/") && sc.attached(j) && j+1 < len(toks) && toks[j+1].kind == tNum && sc.attached(j+1) {
				j += 2
			}
			if sc.isPunct(j, ",") && sc.attached(j) {
				j++
			}
			e, last := sc.streetAfter(j, false)
			if e < 0 {
				continue
			}
			out = append(out, Span{Start: sc.houseNameBefore(i, sc.unitBefore(i)), End: e, Kind: KindAddress})
			i = last
		case (t.kind == tWord && t.cs == cLower && t.lex&lxStreetPrep != 0) ||
			(sc.isPunct(i, ",") && i > 0 && toks[i-1].kind == tWord):
			// "moved to Larch Close", "Rose Cottage, Mill Lane"
			e, last := sc.streetAfter(i+1, true)
			if e < 0 {
				continue
			}
			out = append(out, Span{Start: sc.houseNameBefore(i+1, toks[i+1].start()), End: e, Kind: KindAddress})
			i = last
		}
	}
	return out
}

var streetPrepositions = setOf("on", "in", "at", "from", "to", "off", "near", "along",
	"into", "onto", "opposite", "towards", "past", "down", "up", "round", "around",
	"outside", "via", "of")

// streetAfter reads street words and a suffix starting at token j. It
// returns the end byte and last token, or -1. strong demands an unmistakable
// suffix and capitalised words.
func (sc *scan) streetAfter(j int, strong bool) (int, int) {
	toks := sc.toks
	words := 0
	end, last := -1, -1
	lower := false
	for k := j; k < len(toks) && words < 5; k++ {
		t := toks[k]
		if t.kind != tWord || t.gap == gNone || t.gap == gPara {
			break
		}
		switch t.cs {
		case cTitle, cUpper:
			if k == j && strong && (t.lex&(lxMonth|lxNotName) != 0 || sc.is(k, "the")) {
				return -1, -1
			}
			if lower {
				return end, last
			}
		case cLower:
			if strong || (k > j && !lower) || t.lex&lxStreetStop != 0 {
				return end, last
			}
			lower = true
		default:
			return end, last
		}
		if words == 0 && !strong && !lower && k+1 < len(toks) &&
			(toks[k+1].kind != tWord || toks[k+1].cs == cLower) && compoundStreet(string(sc.fold(sc.str(k)))) {
			// "12 Broadway", "3 Kingsway": one word, its own suffix.
			end, last = t.end(), k
		}
		if words >= 1 && sc.isSuffix(k, strong, lower) {
			end, last = t.end(), k
			if sc.isPunct(k+1, ".") && sc.attached(k+1) && t.end()-t.start() <= 4 && !sc.sentenceEnd(k+1) {
				end, last = toks[k+1].end(), k+1
			}
		}
		if t.nameEnd() < t.end() && !(k+1 < len(toks) && toks[k+1].kind == tWord) {
			break
		}
		words++
	}
	return end, last
}

// isSuffix reports whether token k ends a street name: any suffix after a
// house number, only an unmistakable one otherwise or in lower case.
func (sc *scan) isSuffix(k int, strong, lower bool) bool {
	lex := sc.toks[k].lex
	if strong || lower {
		if lex&lxStrongSuffix == 0 {
			return false
		}
		return !(lower && (sc.is(k, "drive") || sc.is(k, "close") || sc.is(k, "rd") || sc.is(k, "ave")))
	}
	return lex&lxSuffix != 0
}

// compoundStreet reports whether a single word names a street by itself:
// "Broadway", "Kingsway", "Westgate".
func compoundStreet(f string) bool {
	for _, suf := range []string{"way", "gate", "side", "field", "fields", "bank", "croft",
		"crest", "holme", "mead", "hurst", "dale"} {
		if len(f) >= len(suf)+3 && strings.HasSuffix(f, suf) {
			return true
		}
	}
	return false
}

// unitBefore extends an address back over "Flat 3, " or "No. ".
func (sc *scan) unitBefore(i int) int {
	toks := sc.toks
	start := toks[i].start()
	k := i - 1
	if sc.isPunct(k, ".") && sc.attached(k) && sc.is(k-1, "no") {
		return toks[k-1].start()
	}
	if k >= 0 && toks[k].kind == tWord && toks[k].cs != cLower && toks[k].lex&lxUnit != 0 {
		return toks[k].start() // "Flat 9, Harbour House"
	}
	if sc.isPunct(k, ",") && sc.attached(k) {
		k--
	}
	// "3" or "3b"
	if k >= 0 && toks[k].kind == tWord && toks[k].end()-toks[k].start() == 1 && sc.attached(k) {
		k--
	}
	if k >= 1 && toks[k].kind == tNum && toks[k-1].kind == tWord && toks[k-1].lex&lxUnit != 0 &&
		toks[k-1].cs != cLower {
		return toks[k-1].start()
	}
	return start
}

// houseWords end the name of a house: "Rose Cottage", "The Old Rectory".
var houseWords = setOf("cottage", "cottages", "house", "lodge", "farm", "farmhouse", "barn",
	"rectory", "vicarage", "manse", "grange", "manor", "villa", "bungalow", "mill",
	"cabin", "chalet", "mansion", "coach", "croft", "hall", "hollow", "farmstead")

// houseNameBefore extends an address whose street begins at token i back
// over a house name and its comma: "Rose Cottage, Mill Lane", "The Old
// Rectory, 4 Church Lane". It returns the new start byte, or start.
func (sc *scan) houseNameBefore(i, start int) int {
	toks := sc.toks
	if i < 1 || toks[start0(sc, i, start)].start() != start {
		return start
	}
	k := start0(sc, i, start) - 1
	if !sc.isPunct(k, ",") || !sc.attached(k) {
		return start
	}
	k--
	if k < 0 || toks[k].kind != tWord || toks[k].cs != cTitle || toks[k].poss != 0 ||
		!houseWords[string(sc.fold(sc.str(k)))] {
		return start
	}
	first := k
	// Up to three capitalised words before the house word, "The" first.
	for n := 0; n < 3 && first > 0; n++ {
		p := toks[first-1]
		the := sc.is(first-1, "the")
		if p.kind != tWord || p.cs != cTitle || toks[first].gap != gSpace ||
			(!the && p.lex&(lxMonth|lxNotName|lxTitle) != 0) {
			break
		}
		first--
		if the {
			break
		}
	}
	// A lone house word is too little ("House, Mill Lane"); so is "The
	// House" at the start of a sentence.
	if first == k || (first+1 == k && sc.is(first, "the")) {
		return start
	}
	return toks[first].start()
}

// start0 returns the index of the token starting at byte start, searching
// back from token i.
func start0(sc *scan, i, start int) int {
	for i > 0 && sc.toks[i].start() > start {
		i--
	}
	return i
}
