package fault_test

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"confidant/internal/fault"
)

var errStale = fault.New(fault.Conflict, "Someone else changed it; reload and try again.")

func TestCodeOfFindsTheCodeThroughWrapping(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want fault.Code
	}{
		{"nil", nil, ""},
		{"sentinel", errStale, fault.Conflict},
		{"wrapped twice", fmt.Errorf("save: %w", fmt.Errorf("tx: %w", errStale)), fault.Conflict},
		{"joined", errors.Join(io.EOF, fault.InvalidField("name", "Enter the name.")), fault.Invalid},
		{"plain error is internal", io.ErrUnexpectedEOF, fault.Internal},
		{"wrapped plain error is internal", fmt.Errorf("read: %w", io.EOF), fault.Internal},
	}
	for _, c := range cases {
		if got := fault.CodeOf(c.err); got != c.want {
			t.Errorf("%s: CodeOf = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestSentinelsMatchByIdentityNotByWords(t *testing.T) {
	wrapped := fmt.Errorf("move request: %w", errStale)
	if !errors.Is(wrapped, errStale) {
		t.Fatal("a wrapped sentinel does not match itself")
	}
	twin := fault.New(fault.Conflict, errStale.Message)
	if errors.Is(twin, errStale) {
		t.Fatal("another error with the same code and words matches the sentinel")
	}
}

func TestMessageOfNeverShowsAnInternalCause(t *testing.T) {
	secret := errors.New("sqlite: no such table clients_enc at /var/lib/x.db")
	got := fault.MessageOf(fmt.Errorf("list: %w", secret))
	if got == "" || got == secret.Error() || got == "list: "+secret.Error() {
		t.Fatalf("MessageOf(internal) = %q", got)
	}
	if got := fault.MessageOf(fmt.Errorf("record: %w", errStale)); got != errStale.Message {
		t.Fatalf("MessageOf drops the context a person should not read: got %q", got)
	}
	if got := fault.MessageOf(nil); got != "" {
		t.Fatalf("MessageOf(nil) = %q", got)
	}
}

func TestFieldErrorsReadAsOneLineAndByField(t *testing.T) {
	err := fmt.Errorf("invite: %w", fault.InvalidFields(map[string]string{
		"roles": "Choose a role.",
		"email": "Enter an email address.",
	}))
	if got := fault.CodeOf(err); got != fault.Invalid {
		t.Fatalf("code %q", got)
	}
	if got, want := fault.MessageOf(err), "Enter an email address. Choose a role."; got != want {
		t.Fatalf("MessageOf = %q, want %q", got, want)
	}
	if got, want := err.Error(), "invite: email: Enter an email address.; roles: Choose a role."; got != want {
		t.Fatalf("Error = %q, want %q", got, want)
	}
	if f := fault.FieldsOf(err); f["email"] != "Enter an email address." || len(f) != 2 {
		t.Fatalf("FieldsOf = %v", f)
	}
	if f := fault.FieldsOf(errStale); f != nil {
		t.Fatalf("a failure without fields has fields %v", f)
	}
	if f := fault.FieldsOf(io.EOF); f != nil {
		t.Fatalf("a plain error has fields %v", f)
	}
}

func TestErrorfFormats(t *testing.T) {
	err := fault.Errorf(fault.Invalid, "Use at most %d characters.", 200)
	if err.Message != "Use at most 200 characters." || err.Code != fault.Invalid {
		t.Fatalf("%+v", err)
	}
}

// A caller that adds to the fields it was given cannot change the named
// error itself, which every later request shares.
func TestFieldsOfANamedErrorCannotBeChangedThroughItsCopy(t *testing.T) {
	named := fault.InvalidField("password", "That password is not right.")
	fault.FieldsOf(named)["password"] = "changed"
	fault.FieldsOf(named)["other"] = "added"
	if got := fault.FieldsOf(named); len(got) != 1 || got["password"] != "That password is not right." {
		t.Fatalf("the named error changed: %v", got)
	}
}
