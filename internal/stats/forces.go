package stats

import (
	"sort"
	"strings"
	"unicode"
)

// forceTally groups force names that differ only in case and spacing, and
// labels each group with its commonest spelling.
type forceTally struct {
	n        map[string]int
	spelling map[string]map[string]int
}

func newForceTally() *forceTally {
	return &forceTally{n: map[string]int{}, spelling: map[string]map[string]int{}}
}

// Force labels for names that are not shown as typed.
const (
	ForceNotStated = "Force not stated"
	ForceNotShown  = "Force name not shown"
)

func (f *forceTally) add(name string) {
	label := ForceLabel(name)
	key := strings.ToLower(label)
	f.n[key]++
	if f.spelling[key] == nil {
		f.spelling[key] = map[string]int{}
	}
	f.spelling[key][label]++
}

func (f *forceTally) rows() []Count {
	out := make([]Count, 0, len(f.n))
	for key, n := range f.n {
		best, bestN := "", 0
		for s, c := range f.spelling[key] {
			if c > bestN || c == bestN && s < best {
				best, bestN = s, c
			}
		}
		out = append(out, Count{Key: key, Label: best, N: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Label < out[j].Label
	})
	return out
}

// ForceLabel is how a force name appears in the figures: spacing tidied,
// and anything that does not look like the name of a force (an email
// address, a number, a long sentence) replaced, so that a slip of the
// keyboard at intake cannot carry personal data into a return.
func ForceLabel(name string) string {
	f := strings.Join(strings.Fields(name), " ")
	if f == "" {
		return ForceNotStated
	}
	if len([]rune(f)) > 60 {
		return ForceNotShown
	}
	for i, r := range f {
		switch {
		case unicode.IsLetter(r):
		case i == 0:
			return ForceNotShown
		case r == ' ' || r == '&' || r == '\'' || r == '’' || r == '-' || r == '.' || r == ',' || r == '(' || r == ')':
		default:
			return ForceNotShown
		}
	}
	return f
}
