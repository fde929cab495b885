package intake

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "write each case's found record as its expected record (review the diff!)")

// corpusCases lists the labelled documents: every file in testdata/cases
// but the .json records that label them.
func corpusCases(t testing.TB) []string {
	files, err := filepath.Glob("testdata/cases/*")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		if !strings.HasSuffix(f, ".json") {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out
}

// flatten turns a record into dotted field names and their values as JSON
// text; a field left empty or out is absent.
func flatten(prefix string, v map[string]any, out map[string]string) {
	for k, x := range v {
		switch t := x.(type) {
		case map[string]any:
			flatten(prefix+k+".", t, out)
		case string:
			if t != "" {
				out[prefix+k] = t
			}
		case nil:
		default:
			b, _ := json.Marshal(t)
			out[prefix+k] = string(b)
		}
	}
}

func recordFields(t testing.TB, data []byte) map[string]string {
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	flatten("", m, out)
	return out
}

// TestCorpusPrecisionAndRecall runs intake over the labelled corpus and
// holds it to the bars of issue 17: at least 98% of the fields it fills are
// exactly right, and it fills at least 90% of the fields the documents state.
func TestCorpusPrecisionAndRecall(t *testing.T) {
	cases := corpusCases(t)
	if len(cases) < 25 {
		t.Fatalf("corpus has %d documents, want at least 25", len(cases))
	}
	filled, right, stated := 0, 0, 0
	for _, c := range cases {
		data, err := os.ReadFile(c)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := Read(c, data, Tools{})
		if err != nil {
			t.Errorf("%s: %v", c, err)
			continue
		}
		res := Find(doc)
		got, _ := json.MarshalIndent(res.Record, "", "  ")
		want := strings.TrimSuffix(c, filepath.Ext(c)) + ".json"
		if *update {
			if err := os.WriteFile(want, append(got, '\n'), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		wantData, err := os.ReadFile(want)
		if err != nil {
			t.Errorf("%s: no labelled record: %v", c, err)
			continue
		}
		g, w := recordFields(t, got), recordFields(t, wantData)
		for k, v := range g {
			filled++
			if w[k] == v {
				right++
			} else {
				t.Logf("%s: %s = %q, want %q", filepath.Base(c), k, v, w[k])
			}
		}
		for k, v := range w {
			stated++
			if _, ok := g[k]; !ok {
				t.Logf("%s: %s not found, want %q", filepath.Base(c), k, v)
			}
		}
		// Evidence is the document's own text at the offsets given.
		for k, ev := range res.Evidence {
			if ev.Start < 0 || ev.End > len(doc.Text) || doc.Text[ev.Start:ev.End] != ev.Text {
				t.Errorf("%s: evidence for %s is not the text at its offsets", c, k)
			}
		}
	}
	if *update {
		return
	}
	precision := float64(right) / float64(max(filled, 1))
	recall := float64(right) / float64(max(stated, 1))
	msg := fmt.Sprintf("%d documents: precision %.3f (%d/%d filled fields right), recall %.3f (%d/%d stated fields)",
		len(cases), precision, right, filled, recall, right, stated)
	t.Log(msg)
	if precision < 0.98 || recall < 0.90 {
		t.Errorf("below the bar (precision 0.98, recall 0.90): %s", msg)
	}
}
