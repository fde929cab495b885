package arch

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "confidant/"

// domain packages: pure rules and rendering, the centre of the picture.
var domain = []string{
	"access", "audit", "casefile", "extract", "intake", "letters", "limit", "password",
	"redact", "request", "rights", "secret", "stats", "words",
}

// forbidden lists, for each package (or "domain"), the imports it must
// not have. A prefix ending in "/" forbids everything below it.
var forbidden = map[string][]string{
	"domain": {"net/http", "database/sql", "filippo.io/age", "github.com/jmoiron/sqlx", "github.com/mattn/go-sqlite3",
		"github.com/gorilla/mux", module + "internal/store", module + "internal/web", module + "internal/app", module + "internal/vault", module + "internal/mail"},
	"store": {"net/http", "net/smtp", "filippo.io/age", module + "internal/mail", module + "internal/web", module + "internal/app", module + "internal/vault"},
	"vault": {"net/http", "database/sql", module + "internal/store", module + "internal/web", module + "internal/app"},
	"mail":  {"database/sql", module + "internal/store", module + "internal/web", module + "internal/app"},
	"app":   {"net/http", "github.com/gorilla/mux", module + "internal/web"},
	"web":   {"database/sql", "github.com/jmoiron/sqlx", "github.com/mattn/go-sqlite3", "filippo.io/age", module + "internal/store", module + "internal/vault"},
}

// imports reads the imports of a package's non-test files.
func imports(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		pf, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range pf.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			out[p] = filepath.Base(f)
		}
	}
	return out
}

func check(t *testing.T, pkg string, rules []string) {
	t.Helper()
	dir := filepath.Join("..", pkg)
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("package internal/%s is gone: update the rules", pkg)
	}
	for im, file := range imports(t, dir) {
		for _, bad := range rules {
			if im == bad || strings.HasPrefix(im, bad+"/") {
				t.Errorf("internal/%s (%s) imports %s, which it must not", pkg, file, im)
			}
		}
	}
}

func TestTheArrowsPointInward(t *testing.T) {
	for _, p := range domain {
		check(t, p, forbidden["domain"])
	}
	for p, rules := range forbidden {
		if p != "domain" {
			check(t, p, rules)
		}
	}
}

func TestOnlyTheVaultImportsAge(t *testing.T) {
	entries, err := os.ReadDir("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() || e.Name() == "vault" {
			continue
		}
		for im, file := range imports(t, filepath.Join("..", e.Name())) {
			if strings.HasPrefix(im, "filippo.io/age") {
				t.Errorf("internal/%s (%s) imports %s: only internal/vault may", e.Name(), file, im)
			}
		}
	}
}

// The rules must be able to fail: a package that imports what is
// forbidden is caught.
func TestTheCheckCatchesAForbiddenImport(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte("package x\n\nimport _ \"net/http\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got := imports(t, dir)
	if _, ok := got["net/http"]; !ok {
		t.Fatal("the import reader missed an import")
	}
}
