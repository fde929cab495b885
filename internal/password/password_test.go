package password

import (
	"strings"
	"testing"
)

var fast = Params{Memory: 1024, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}

func TestPolicy(t *testing.T) {
	for _, tc := range []struct {
		pw   string
		want error
	}{
		{"short", ErrTooShort},
		{"elevenchars", ErrTooShort},
		{"Password1234", ErrCommon},
		{"password123456789", ErrCommon},
		{"zzzzzzzzzzzzzzzz", ErrCommon},
		{strings.Repeat("ab", 200), ErrTooLong},
		{"plum kettle orbit seven", nil},
		{"ünïcödé pässwörd", nil},
	} {
		if got := Check(tc.pw); got != tc.want {
			t.Errorf("Check(%q) = %v, want %v", tc.pw, got, tc.want)
		}
	}
}

func TestHashVerifiesOnlyTheRightPassword(t *testing.T) {
	h, err := Hash("plum kettle orbit seven", fast)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("unexpected format %q", h)
	}
	if !Verify("plum kettle orbit seven", h) {
		t.Fatal("right password refused")
	}
	if Verify("plum kettle orbit sevem", h) {
		t.Fatal("wrong password accepted")
	}
	h2, _ := Hash("plum kettle orbit seven", fast)
	if h == h2 {
		t.Fatal("salt is not random")
	}
}

func TestMalformedHashNeverVerifies(t *testing.T) {
	for _, h := range []string{"", "$argon2id$", "$argon2i$v=19$m=1,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=99999999,t=1,p=1$AAAA$AAAA"} {
		if Verify("x", h) {
			t.Errorf("Verify accepted %q", h)
		}
	}
}

func TestNeedsRehashWhenParametersChange(t *testing.T) {
	h, _ := Hash("plum kettle orbit seven", fast)
	if NeedsRehash(h, fast) {
		t.Fatal("same parameters need rehash")
	}
	if !NeedsRehash(h, Default) {
		t.Fatal("stronger parameters do not ask for rehash")
	}
}
