// Package secret holds the small security primitives that links, sessions
// and forms share, written once: unguessable tokens, the one-way form in
// which a token is stored, and a comparison that takes the same time
// whether or not the values match.
//
// A token travels to a person (in a cookie, a link or an email) and only
// its SHA-256 is stored, so a copy of the database opens no session and
// follows no link. SHA-256 without a salt is enough here because tokens are
// 256 random bits, never chosen by a person.
package secret

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
)

// TokenBytes is the randomness of a token: 256 bits.
const TokenBytes = 32

// Token returns a new random token of TokenBytes, URL-safe base64 (43
// characters).
func Token() string { return TokenOf(TokenBytes) }

// TokenOf returns a new random token of n bytes, URL-safe base64.
func TokenOf(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		// crypto/rand does not fail on a supported system; if it does,
		// nothing secret can be made, so stop.
		panic("crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Hash is the stored form of a token: hex SHA-256.
func Hash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Equal compares two secrets in constant time.
func Equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
