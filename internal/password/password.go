// Package password hashes and checks passwords with argon2id and enforces
// Confidant's password policy (length and a list of common passwords).
//
// Hashes are stored in the PHC string format
// ($argon2id$v=19$m=…,t=…,p=…$salt$hash) so that the parameters can be
// raised later without invalidating existing hashes: NeedsRehash tells the
// caller when to re-hash at the next sign-in.
package password

import (
	"bufio"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"confidant/internal/fault"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	KeyLen  uint32
	SaltLen uint32
}

// Default follows RFC 9106's second recommended option (64 MiB, 3 passes)
// with 2 lanes, one per core of the small machines Confidant runs on. See
// docs/security.md.
var Default = Params{Memory: 64 * 1024, Time: 3, Threads: 2, KeyLen: 32, SaltLen: 16}

// MinLength is the shortest password accepted, in characters.
const MinLength = 12

// MaxLength bounds the work an attacker can make us do per attempt.
const MaxLength = 256

//go:embed common.txt
var commonList string

// Policy errors, shown to the user as they are.
var (
	ErrTooShort = fault.Errorf(fault.Invalid, "use at least %d characters", MinLength)
	ErrTooLong  = fault.Errorf(fault.Invalid, "use at most %d characters", MaxLength)
	ErrCommon   = fault.New(fault.Invalid, "this password is too common; choose one that is harder to guess, such as four unrelated words")
)

var common = func() map[string]bool {
	m := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(commonList))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" && !strings.HasPrefix(w, "#") {
			m[strings.ToLower(w)] = true
		}
	}
	return m
}()

// Check applies the password policy.
func Check(pw string) error {
	n := utf8.RuneCountInString(pw)
	if n < MinLength {
		return ErrTooShort
	}
	if n > MaxLength {
		return ErrTooLong
	}
	lower := strings.ToLower(pw)
	if common[lower] || common[strings.TrimRight(lower, "0123456789!.?")] || allSame(pw) {
		return ErrCommon
	}
	return nil
}

func allSame(s string) bool {
	for _, r := range s {
		if r != []rune(s)[0] {
			return false
		}
	}
	return true
}

// Hash derives a PHC-format argon2id hash with a random salt.
func Hash(pw string, p Params) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// ErrMalformed is returned for a stored hash that cannot be parsed.
var ErrMalformed = errors.New("malformed password hash")

func parse(hash string) (Params, []byte, []byte, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return Params{}, nil, nil, ErrMalformed
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return Params{}, nil, nil, ErrMalformed
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return Params{}, nil, nil, ErrMalformed
	}
	if p.Memory > 1<<22 || p.Time > 64 || p.Threads == 0 {
		return Params{}, nil, nil, ErrMalformed
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return Params{}, nil, nil, ErrMalformed
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) == 0 {
		return Params{}, nil, nil, ErrMalformed
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}

// Verify reports whether pw matches hash, in constant time.
func Verify(pw, hash string) bool {
	p, salt, key, err := parse(hash)
	if err != nil || len(pw) > MaxLength*4 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return subtle.ConstantTimeCompare(got, key) == 1
}

// NeedsRehash reports whether hash was made with parameters other than p.
func NeedsRehash(hash string, p Params) bool {
	q, _, _, err := parse(hash)
	return err != nil || q.Memory != p.Memory || q.Time != p.Time || q.Threads != p.Threads || q.KeyLen != p.KeyLen
}

// DummyHash is verified against when an account does not exist, so that
// sign-in takes the same time either way and does not reveal which emails
// have accounts.
func DummyHash(p Params) string {
	h, _ := Hash("not a real password, only for timing", p)
	return h
}
