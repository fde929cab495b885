package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

func TestVersionedMetaRefusesAStaleSave(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, filepath.Join(t.TempDir(), DBFile))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	d.SetAuditKey(testAuditKey, "")
	if v, n, err := d.GetMetaVersioned(ctx, "text"); err != nil || v != "" || n != 0 {
		t.Fatalf("unset: %q %d %v", v, n, err)
	}
	if err := d.SetMetaVersioned(ctx, "text", "first", 0, &Event{Type: "t", ActorID: "a"}); err != nil {
		t.Fatal(err)
	}
	// A second admin who opened the form before the first save.
	if err := d.SetMetaVersioned(ctx, "text", "theirs", 0, &Event{Type: "t", ActorID: "b"}); !errors.Is(err, ErrStale) {
		t.Fatalf("stale save: %v", err)
	}
	if err := d.SetMetaVersioned(ctx, "text", "second", 1, &Event{Type: "t", ActorID: "a"}); err != nil {
		t.Fatal(err)
	}
	if v, n, err := d.GetMetaVersioned(ctx, "text"); err != nil || v != "second" || n != 2 {
		t.Fatalf("after two saves: %q %d %v", v, n, err)
	}
	n, p, err := d.VerifyAudit(ctx)
	if err != nil || p != nil || n != 2 {
		t.Fatalf("audit: %d entries, %v, %v (want two, for the two saves)", n, p, err)
	}
}
