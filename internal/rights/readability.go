package rights

import (
	"math"
	"strings"
	"unicode"
)

// ReadingAge estimates the age at which a reader can follow the text: the
// Flesch–Kincaid grade level plus five (a US grade is roughly the school
// year a UK child of that age plus five is in). Syllables are counted by a
// rule of thumb (groups of vowels, less a silent final e), so treat the
// answer as a guide to within a year or so; the admin's editor shows it so
// that an edit does not drift into officialese.
func ReadingAge(text string) float64 {
	var words, sentences, syllables int
	for _, b := range Blocks(text) {
		parts := []string{b.Text}
		if b.Kind == "ul" {
			parts = b.Items
		}
		for _, p := range parts {
			w, s, y := counts(p)
			words, sentences, syllables = words+w, sentences+s, syllables+y
		}
	}
	if words == 0 {
		return 0
	}
	grade := 0.39*float64(words)/float64(sentences) + 11.8*float64(syllables)/float64(words) - 15.59
	return math.Round((grade+5)*10) / 10
}

// counts returns the words, sentences (at least one: a heading or a list
// item without a full stop still ends) and syllables of a piece of text.
func counts(s string) (words, sentences, syllables int) {
	for _, f := range strings.Fields(s) {
		w := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) })
		if w == "" {
			continue
		}
		words++
		syllables += syllableCount(w)
		if strings.ContainsAny(f[len(f)-1:], ".!?") {
			sentences++
		}
	}
	last := strings.TrimSpace(s)
	if words > 0 && (last == "" || !strings.ContainsAny(last[len(last)-1:], ".!?")) {
		sentences++
	}
	return words, sentences, syllables
}

func syllableCount(word string) int {
	w := strings.ToLower(word)
	n, prevVowel := 0, false
	for _, r := range w {
		v := strings.ContainsRune("aeiouy", r)
		if v && !prevVowel {
			n++
		}
		prevVowel = v
	}
	if strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "le") && n > 1 {
		n--
	}
	if n == 0 {
		n = 1
	}
	return n
}
