package secret

import (
	"strings"
	"testing"
)

func TestTokensAreLongRandomAndURLSafe(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		tok := Token()
		if len(tok) != 43 || strings.ContainsAny(tok, "+/=") {
			t.Fatalf("token %q is not 43 URL-safe characters", tok)
		}
		if seen[tok] {
			t.Fatal("a token repeated")
		}
		seen[tok] = true
	}
}

func TestHashIsStableAndHidesTheToken(t *testing.T) {
	tok := Token()
	h1, h2 := Hash(tok), Hash(strings.Clone(tok))
	if h1 != h2 || len(h1) != 64 || strings.Contains(h1, tok) {
		t.Fatal("hash is not a stable hex SHA-256")
	}
	if Hash(tok) == Hash(Token()) {
		t.Fatal("two tokens share a hash")
	}
}

func TestEqual(t *testing.T) {
	if !Equal("abc", "abc") || Equal("abc", "abd") || Equal("abc", "ab") {
		t.Fatal("Equal is wrong")
	}
}
