package request

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"
)

// expectation is one entry of an expected.json: the verdict fields that
// must match exactly, the codes that must be among the findings and, for
// our own cases, codes that must not be.
type expectation struct {
	Verdict        Outcome `json:"verdict"`
	SuspectedFraud bool    `json:"suspected_fraud"`
	NotifyClient   bool    `json:"notify_client"`
	Codes          []Code  `json:"codes"`
	Absent         []Code  `json:"absent"`
	Note           string  `json:"note"`
}

// checkDir checks every record named in dir/expected.json against it.
func checkDir(t *testing.T, dir string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]expectation
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatalf("%s/expected.json: %v", dir, err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	var names []string
	for _, f := range files {
		if b := filepath.Base(f); b != "expected.json" {
			names = append(names, b)
			if _, ok := want[b]; !ok {
				t.Errorf("%s has no expectation in %s/expected.json", b, dir)
			}
		}
	}
	sort.Strings(names)
	for _, name := range names {
		exp, ok := want[name]
		if !ok {
			continue
		}
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			r, err := ParseRecord(raw)
			if err != nil {
				t.Fatal(err)
			}
			v := Check(r, DefaultPolicy())
			checkInvariants(t, r, v)
			got := codesOf(v)
			if v.Outcome != exp.Verdict || v.SuspectedFraud != exp.SuspectedFraud || v.NotifyClient != exp.NotifyClient {
				t.Errorf("got %s fraud=%v notify=%v, want %s fraud=%v notify=%v (codes %v) %s",
					v.Outcome, v.SuspectedFraud, v.NotifyClient, exp.Verdict, exp.SuspectedFraud, exp.NotifyClient, got, exp.Note)
			}
			for _, c := range exp.Codes {
				if !slices.Contains(got, c) {
					t.Errorf("missing %s (codes %v) %s", c, got, exp.Note)
				}
			}
			for _, c := range exp.Absent {
				if slices.Contains(got, c) {
					t.Errorf("unexpected %s (codes %v) %s", c, got, exp.Note)
				}
			}
		})
	}
}

// TestWorkedExamples checks the shared worked examples, copied into
// testdata so that the package tests stand alone.
func TestWorkedExamples(t *testing.T) { checkDir(t, filepath.Join("testdata", "examples")) }

// TestOwnCases checks our own invented records: other wording, forces,
// ranks, domains and dates than the worked examples.
func TestOwnCases(t *testing.T) { checkDir(t, filepath.Join("testdata", "cases")) }

// TestSharedExamplesWhenPresent checks the shared examples where they sit
// beside the clone, so that a change to them shows up here; elsewhere it
// skips, since testdata holds a copy.
func TestSharedExamplesWhenPresent(t *testing.T) {
	dir, err := sharedDir()
	if err != nil {
		t.Skipf("no shared examples beside the repository (%v)", err)
	}
	checkDir(t, filepath.Join(dir, "examples", "requests"))
}

// sharedDir finds the shared product documents beside the clone: next to
// it for the main checkout, one level further out for a worktree.
func sharedDir() (string, error) {
	var err error
	for _, up := range []string{filepath.Join("..", "..", ".."), filepath.Join("..", "..", "..", "..")} {
		dir := filepath.Join(up, "shared")
		if _, err = os.Stat(filepath.Join(dir, "FINDINGS.md")); err == nil {
			return dir, nil
		}
	}
	return "", err
}

// readShared reads one of the shared product documents.
func readShared(name string) ([]byte, error) {
	dir, err := sharedDir()
	if err != nil {
		return nil, err
	}
	return os.ReadFile(filepath.Join(dir, name))
}
