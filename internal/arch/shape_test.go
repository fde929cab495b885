package arch

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// parsed is one non-test Go file of a directory, with the local name under
// which it imports the store ("" when it does not).
type parsed struct {
	name  string
	file  *ast.File
	store string
}

// parseDir parses the non-test Go files of dir.
func parseDir(t *testing.T, dir string) []parsed {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var out []parsed
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		pf, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		p := parsed{name: filepath.Base(f), file: pf}
		for _, im := range pf.Imports {
			if path, _ := strconv.Unquote(im.Path.Value); path == module+"internal/store" {
				p.store = "store"
				if im.Name != nil {
					p.store = im.Name.Name
				}
			}
		}
		out = append(out, p)
	}
	return out
}

// eachExportedType calls fn with every exported type declared in the Go
// files of dir (tests apart), with the file that declares it.
func eachExportedType(t *testing.T, dir string, fn func(p parsed, ts *ast.TypeSpec)) {
	t.Helper()
	for _, p := range parseDir(t, dir) {
		ast.Inspect(p.file, func(n ast.Node) bool {
			if ts, ok := n.(*ast.TypeSpec); ok && ts.Name.IsExported() {
				fn(p, ts)
			}
			return true
		})
	}
}

// namesStore reports whether a type expression mentions a row type of the
// store imported as pkg (a row, a slice or map of rows, a pointer to one).
// The handle on the database itself (store.DB) is not a row: the command
// line's maintenance opens one and hands it to the service that works on it.
func namesStore(expr ast.Expr, pkg string) bool {
	if pkg == "" || expr == nil {
		return false
	}
	found := false
	ast.Inspect(expr, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok && x.Name == pkg && sel.Sel.Name != "DB" {
				found = true
			}
		}
		return !found
	})
	return found
}

// boundaryLeaks lists, for the Go files of dir, every exported function or
// method whose parameters or results name a store type, and every exported
// field of an exported struct that does: the places where a store row
// would cross a service's boundary.
func boundaryLeaks(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	for _, p := range parseDir(t, dir) {
		if p.store == "" {
			continue
		}
		for _, decl := range p.file.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() || (d.Recv != nil && !exportedReceiver(d.Recv)) {
					continue
				}
				for _, fl := range []*ast.FieldList{d.Type.Params, d.Type.Results} {
					if fl == nil {
						continue
					}
					for _, f := range fl.List {
						if namesStore(f.Type, p.store) {
							out = append(out, p.name+": func "+d.Name.Name)
						}
					}
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					ts, ok := spec.(*ast.TypeSpec)
					if !ok || !ts.Name.IsExported() {
						continue
					}
					st, ok := ts.Type.(*ast.StructType)
					if !ok {
						continue
					}
					for _, f := range st.Fields.List {
						exported := len(f.Names) == 0 // embedded: its fields are promoted
						for _, n := range f.Names {
							exported = exported || n.IsExported()
						}
						if exported && namesStore(f.Type, p.store) {
							out = append(out, p.name+": type "+ts.Name.Name)
						}
					}
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// exportedReceiver reports whether a method's receiver type is exported.
func exportedReceiver(recv *ast.FieldList) bool {
	if recv == nil || len(recv.List) == 0 {
		return false
	}
	t := recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	id, ok := t.(*ast.Ident)
	return ok && id.IsExported()
}

// appDirs lists internal/app and the directories below it, the test
// harness apart (it hands tests the store on purpose).
func appDirs(t *testing.T) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(filepath.Join("..", "app"), func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if d.Name() != "apptest" {
			dirs = append(dirs, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

// TestNoStoreRowCrossesAServiceBoundary: what a service (or the root, or the
// core) hands out or takes in through an exported function, method or field
// is the application's or the domain's own type, never a store row: a
// service that needs another's data gets it in that service's type.
func TestNoStoreRowCrossesAServiceBoundary(t *testing.T) {
	for _, dir := range appDirs(t) {
		if filepath.Base(dir) == "core" || filepath.Base(dir) == "app" {
			continue // the core holds the store for the services; the root opens it
		}
		for _, l := range boundaryLeaks(t, dir) {
			t.Errorf("%s: %s names a store type: give the service its own type", dir, l)
		}
	}
}

// TestTheBoundaryCheckCatchesALeak: the check above finds a store type in a
// result, a parameter and an exported field, and passes over unexported ones.
func TestTheBoundaryCheckCatchesALeak(t *testing.T) {
	dir := t.TempDir()
	src := `package x

import db "` + module + `internal/store"

type Service struct{ db *db.DB }

type Out struct {
	Rows []db.Request
	own  db.Client
}

func (s *Service) Load(id string) (db.Request, error) { return db.Request{}, nil }
func (s *Service) Save(r *db.Request) error        { return nil }
func (s *Service) fine(r db.Request)                {}
func Fine(id string) string                         { return id }
func Open(path string) (*db.DB, error)              { return nil, nil }
`
	if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(boundaryLeaks(t, dir), "; ")
	if want := "x.go: func Load; x.go: func Save; x.go: type Out"; got != want {
		t.Fatalf("found %q, want %q", got, want)
	}
}

// pageShaped lists the exported types of dir's Go files whose names say they
// are shaped for a page (…View, …Page, …Row).
func pageShaped(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	eachExportedType(t, dir, func(p parsed, ts *ast.TypeSpec) {
		for _, suffix := range []string{"View", "Page", "Row"} {
			if strings.HasSuffix(ts.Name.Name, suffix) {
				out = append(out, p.name+": "+ts.Name.Name)
			}
		}
	})
	return out
}

// TestTheAppHandsOutValuesNotPages: the application returns values of the
// domain; the shape of a page (what goes together on it, its paging, its
// buttons) is the web's, in the handler that renders it.
func TestTheAppHandsOutValuesNotPages(t *testing.T) {
	for _, dir := range appDirs(t) {
		for _, l := range pageShaped(t, dir) {
			t.Errorf("%s: %s is shaped for a page: return the domain's values and compose the page in internal/web", dir, l)
		}
	}
}

// TestThePageCheckCatchesAView: the check above finds a page-shaped name.
func TestThePageCheckCatchesAView(t *testing.T) {
	dir := t.TempDir()
	src := "package x\n\ntype NoteView struct{}\n\ntype Note struct{}\n\ntype rowOfThings struct{}\n"
	if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := pageShaped(t, dir); len(got) != 1 || got[0] != "x.go: NoteView" {
		t.Fatalf("found %q, want NoteView alone", got)
	}
}

// unixTimes lists the exported struct fields of dir's Go files that keep a
// time as whole seconds: an int64 (or *int64) named …At.
func unixTimes(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	eachExportedType(t, dir, func(p parsed, ts *ast.TypeSpec) {
		st, ok := ts.Type.(*ast.StructType)
		if !ok {
			return
		}
		for _, f := range st.Fields.List {
			typ := f.Type
			if s, ok := typ.(*ast.StarExpr); ok {
				typ = s.X
			}
			if id, ok := typ.(*ast.Ident); !ok || id.Name != "int64" {
				continue
			}
			for _, n := range f.Names {
				if n.IsExported() && strings.HasSuffix(n.Name, "At") {
					out = append(out, p.name+": "+ts.Name.Name+"."+n.Name)
				}
			}
		}
	})
	return out
}

// TestTimesAreTimesFromTheStoreUp: a row the store hands out keeps its times
// as time.Time (the store converts the unix seconds of its columns at its
// edge), and so does every type of the application above it.
func TestTimesAreTimesFromTheStoreUp(t *testing.T) {
	for _, dir := range append(appDirs(t), filepath.Join("..", "store")) {
		for _, l := range unixTimes(t, dir) {
			t.Errorf("%s: %s keeps a time as unix seconds: make it a time.Time", dir, l)
		}
	}
}

// TestTheTimeCheckCatchesUnixSeconds: the check above finds an int64 time
// and a nullable one, and passes over a count.
func TestTheTimeCheckCatchesUnixSeconds(t *testing.T) {
	dir := t.TempDir()
	src := "package x\n\ntype Row struct {\n\tCreatedAt int64\n\tSignedAt *int64\n\tAttempts int64\n\tseenAt int64\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(unixTimes(t, dir), "; ")
	if want := "x.go: Row.CreatedAt; x.go: Row.SignedAt"; got != want {
		t.Fatalf("found %q, want %q", got, want)
	}
}

// literalEventTypes lists the places in dir's Go files where an audit
// event's type is written as a string ("Type: \"user.disable\"" in a
// literal, or "ev.Type = \"...\""), not as one of internal/audit's
// constants.
func literalEventTypes(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	isString := func(e ast.Expr) bool {
		lit, ok := e.(*ast.BasicLit)
		return ok && lit.Kind == token.STRING
	}
	for _, p := range parseDir(t, dir) {
		ast.Inspect(p.file, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.KeyValueExpr:
				if k, ok := x.Key.(*ast.Ident); ok && k.Name == "Type" && isString(x.Value) {
					out = append(out, p.name+": Type: "+x.Value.(*ast.BasicLit).Value)
				}
			case *ast.AssignStmt:
				for i, l := range x.Lhs {
					if sel, ok := l.(*ast.SelectorExpr); ok && sel.Sel.Name == "Type" && i < len(x.Rhs) && isString(x.Rhs[i]) {
						out = append(out, p.name+": .Type = "+x.Rhs[i].(*ast.BasicLit).Value)
					}
				}
			}
			return true
		})
	}
	return out
}

// TestAuditEventsAreNamedByConstants: every event the application, the
// store, the web or the command line records is named by one of
// internal/audit's constants, so that no event is spelled two ways and each
// has its words.
func TestAuditEventsAreNamedByConstants(t *testing.T) {
	dirs := append(appDirs(t), filepath.Join("..", "store"), filepath.Join("..", "web"), filepath.Join("..", "..", "cmd", "confidant"))
	for _, dir := range dirs {
		for _, l := range literalEventTypes(t, dir) {
			t.Errorf("%s: %s: use an internal/audit constant", dir, l)
		}
	}
}

// TestTheEventCheckCatchesALiteral: the check above finds both spellings.
func TestTheEventCheckCatchesALiteral(t *testing.T) {
	dir := t.TempDir()
	src := "package x\n\ntype Event struct{ Type string }\n\nconst Known = \"a.b\"\n\nfunc f() {\n\tev := Event{Type: \"user.disable\"}\n\tev.Type = \"user.enable\"\n\tev = Event{Type: Known}\n\t_ = ev\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(literalEventTypes(t, dir), "; ")
	if want := `x.go: Type: "user.disable"; x.go: .Type = "user.enable"`; got != want {
		t.Fatalf("found %q, want %q", got, want)
	}
}
