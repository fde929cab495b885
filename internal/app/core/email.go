package core

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"strings"

	"confidant/internal/password"
	"confidant/internal/secret"
)

// EmailHash is the keyed hash by which a client's portal account is found:
// an email address is guessable, so a plain hash would not hide it. The
// key is made and sealed to the vault on first use. It has no failure of
// its own.
func (a *Core) EmailHash(ctx context.Context, email string) (string, error) {
	a.pepperMu.Lock()
	defer a.pepperMu.Unlock()
	v, err := a.DB.GetMeta(ctx, MetaPortalPepper)
	if err != nil {
		return "", err
	}
	var key []byte
	if v == "" {
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return "", err
		}
		sealed, err := a.Keys.SealToVault(key)
		if err != nil {
			return "", err
		}
		if err := a.DB.SetMeta(ctx, MetaPortalPepper, base64.StdEncoding.EncodeToString(sealed), nil); err != nil {
			return "", err
		}
	} else {
		sealed, err := base64.StdEncoding.DecodeString(v)
		if err != nil {
			return "", err
		}
		if key, err = a.Keys.OpenFromVault(sealed); err != nil {
			return "", err
		}
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(strings.ToLower(strings.TrimSpace(email))))
	return hex.EncodeToString(m.Sum(nil)), nil
}

// HashToken is the stored form of a token from a link or a cookie.
func HashToken(t string) string { return secret.Hash(t) }

// CleanEmail is the one check of an email address, for staff and clients
// alike: a bare address (no display name, no angle brackets) that
// net/mail parses to itself, at most 254 bytes, with a dot in its domain.
func CleanEmail(s string) (string, bool) {
	s = strings.TrimSpace(s)
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || len(s) > 254 || !strings.Contains(s[strings.LastIndex(s, "@"):], ".") {
		return "", false
	}
	return s, true
}

// PasswordMessage is what a person reads when a new password breaks a rule.
func PasswordMessage(err error) string {
	switch {
	case errors.Is(err, password.ErrTooShort):
		return fmt.Sprintf("Use at least %d characters. A few unrelated words make a good password.", password.MinLength)
	case errors.Is(err, password.ErrTooLong):
		return fmt.Sprintf("Use at most %d characters.", password.MaxLength)
	case errors.Is(err, password.ErrCommon):
		return "That password is too common. Choose another: a few unrelated words make a good one."
	}
	return "Choose another password."
}

// MetaPortalPepper holds the secret that keys the portal's email hashes,
// sealed to the vault (meta keys ending in _sealed are re-sealed at key
// rotation).
const MetaPortalPepper = "portal_pepper_sealed"
