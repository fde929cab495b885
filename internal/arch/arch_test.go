package arch

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "confidant/"

// domain packages: pure rules and rendering, the centre of the picture.
var domain = []string{
	"access", "audit", "casefile", "emails", "extract", "fault", "intake", "letters", "limit", "password",
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
	"app/core": {"net/http", "github.com/gorilla/mux", module + "internal/web", module + "internal/app/admin", module + "internal/app/clients",
		module + "internal/app/delivery", module + "internal/app/disclosure", module + "internal/app/keys", module + "internal/app/portal",
		module + "internal/app/requests", module + "internal/app/sessions", module + "internal/app/staff", module + "internal/app/apptest"},
	"web": {"database/sql", "github.com/jmoiron/sqlx", "github.com/mattn/go-sqlite3", "filippo.io/age", module + "internal/store", module + "internal/vault"},
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

// fault is the error vocabulary every layer shares, so it may lean on
// nothing but the standard library.
func TestFaultImportsOnlyTheStandardLibrary(t *testing.T) {
	for im, file := range imports(t, filepath.Join("..", "fault")) {
		if first, _, _ := strings.Cut(im, "/"); strings.Contains(first, ".") || strings.HasPrefix(im, module) {
			t.Errorf("internal/fault (%s) imports %s: only the standard library is allowed", file, im)
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

// services are the application's packages under internal/app, each one
// concern (docs/architecture.md).
var services = []string{"admin", "clients", "delivery", "disclosure", "keys", "portal", "requests", "sessions", "staff"}

// uses is which other services a service may use: the arrows run one way,
// portal -> disclosure -> requests -> clients; the rest stand on the core.
var uses = map[string][]string{
	"portal":     {"disclosure", "requests", "clients"},
	"disclosure": {"requests", "clients"},
	"requests":   {"clients"},
}

// TestServicesStandOnTheCoreNotTheRoot keeps the application's shape: a
// service may use the core and the services it names in its New, never the
// root package that composes them (that would be a cycle in waiting) nor
// the web; and each stays small enough to read in one sitting.
func TestServicesStandOnTheCoreNotTheRoot(t *testing.T) {
	for _, s := range services {
		dir := filepath.Join("..", "app", s)
		for im, file := range imports(t, dir) {
			switch {
			case im == module+"internal/app", im == module+"internal/app/apptest":
				t.Errorf("internal/app/%s (%s) imports %s, which composes the services", s, file, im)
			case im == "net/http" || strings.HasPrefix(im, module+"internal/web"):
				t.Errorf("internal/app/%s (%s) imports %s, which it must not", s, file, im)
			case strings.HasPrefix(im, module+"internal/app/") && im != module+"internal/app/core" &&
				!slices.Contains(uses[s], strings.TrimPrefix(im, module+"internal/app/")):
				t.Errorf("internal/app/%s (%s) uses the service %s, which is not one of its arrows (docs/architecture.md)", s, file, im)
			}
		}
		if n := lines(t, dir); n > 1500 {
			t.Errorf("internal/app/%s has %d lines of code: split it by concern (the bar is 1,500)", s, n)
		}
	}
	for _, dir := range []string{filepath.Join("..", "app"), filepath.Join("..", "app", "core")} {
		if n := lines(t, dir); n > 1500 {
			t.Errorf("%s has %d lines of code (the bar is 1,500)", dir, n)
		}
	}
}

// lines counts the non-test Go lines of a package.
func lines(t *testing.T, dir string) int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		n += strings.Count(string(b), "\n")
	}
	return n
}

// TestTheWebNeverReachesTheStore: the web imports no store (above), and it
// does not take the App's database handle either, which exists for the
// command line's maintenance and for tests.
func TestTheWebNeverReachesTheStore(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "web", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), ".Store()") {
			t.Errorf("%s calls App.Store(): go through a service instead", f)
		}
	}
}

// storeAliases lists the exported types of the Go files in dir (not tests)
// that are aliases of a store type, as "file: Name = store.Type".
func storeAliases(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	eachExportedType(t, dir, func(p parsed, ts *ast.TypeSpec) {
		if !ts.Assign.IsValid() || p.store == "" {
			return
		}
		if sel, ok := ts.Type.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok && x.Name == p.store {
				out = append(out, p.name+": "+ts.Name.Name+" = store."+sel.Sel.Name)
			}
		}
	})
	return out
}

// TestTheAppHandsOutNoStoreRows: no exported type of internal/app or its
// services is an alias of a store type, so a row (with its password hash or
// sealed secret) cannot travel up into the web under an application name.
func TestTheAppHandsOutNoStoreRows(t *testing.T) {
	root := filepath.Join("..", "app")
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		for _, a := range storeAliases(t, p) {
			t.Errorf("%s: %s is a store row under an application name: give the app its own type", p, a)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestTheAliasCheckCatchesAStoreAlias: the check above finds an alias of a
// store type (so it cannot pass by finding nothing).
func TestTheAliasCheckCatchesAStoreAlias(t *testing.T) {
	dir := t.TempDir()
	src := "package x\n\nimport db \"" + module + "internal/store\"\n\ntype (\n\tUser = db.User\n\tkept = db.User\n)\n\ntype Own struct{ ID string }\n"
	if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	got := storeAliases(t, dir)
	if len(got) != 1 || got[0] != "x.go: User = store.User" {
		t.Fatalf("found %q, want the one exported alias", got)
	}
}
