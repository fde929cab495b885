package staff

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"image/png"
	"strings"
	"time"

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/audit"
	"confidant/internal/fault"
	"confidant/internal/store"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// Staff sign in with a password and a TOTP code (RFC 6238: six digits, 30
// seconds, SHA-1, as every authenticator app expects). The secret is sealed
// to the vault key like a staff name; a code is accepted for the current
// time step or the one either side (clock drift), and only for a step newer
// than the last one accepted for that user, so no code works twice.

const (
	totpPeriod = 30
	// totpSkew is how many steps either side of now are accepted.
	totpSkew = 1
	// RecoveryCodeCount is how many recovery codes enrolment issues.
	RecoveryCodeCount = 10
	totpIssuer        = "Confidant"
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// Errors of the second factor, worded for the person signing in.
var (
	ErrCodeNeeded  = fault.New(fault.Unauthorized, "Enter the 6-digit code from your authenticator app, or one of your recovery codes.")
	ErrCodeWrong   = fault.New(fault.Unauthorized, "That code is not right: check that your phone's clock is set automatically and enter the newest code, or use a recovery code.")
	ErrCodeReused  = fault.New(fault.Unauthorized, "That code has already been used: wait for your app to show a new one.")
	ErrTOTPEnabled = fault.New(fault.Conflict, "Two-step sign-in is already set up for this account.")
	ErrNoEnrolment = fault.New(fault.Conflict, "The setup has expired: scan the new QR code and try again.")
)

// TOTPEnrolment is what the enrolment page shows: the secret as a QR code
// and as text for typing into an app by hand.
type TOTPEnrolment struct {
	Secret string
	URL    string
	QRPNG  []byte
}

// SecondFactor is the state of a user's two-step sign-in: whether it is
// on, and how many recovery codes are unused.
type SecondFactor struct {
	Enabled   bool
	CodesLeft int
}

// NeedsTOTPEnrolment reports whether u must set up two-step sign-in before
// doing anything else.
func (a *Service) NeedsTOTPEnrolment(u core.StaffUser) bool {
	return a.core.Settings().TOTPRequired && !u.TOTPEnabled
}

// SecondFactor reads the state of a user's own two-step sign-in. It fails
// with NotFound when userID is not the actor's own or there is no such
// account.
func (a *Service) SecondFactor(ctx context.Context, actor access.Actor, userID string) (SecondFactor, error) {
	if actor.UserID == "" || actor.UserID != userID {
		return SecondFactor{}, core.ErrNotFound
	}
	st, err := a.core.DB.TOTPState(ctx, userID)
	if err != nil {
		return SecondFactor{}, err
	}
	n, err := a.core.DB.RecoveryCodesLeft(ctx, userID)
	if err != nil {
		return SecondFactor{}, err
	}
	return SecondFactor{Enabled: len(st.SecretEnc) > 0, CodesLeft: n}, nil
}

// BeginTOTP returns the secret being enrolled for u, making and storing a
// new one when there is none (or it no longer opens, after a key rotation).
// Reloading the page shows the same secret, so a code scanned a moment ago
// still confirms. It fails with Conflict (ErrTOTPEnabled) when u has a
// second factor already.
func (a *Service) BeginTOTP(ctx context.Context, u core.StaffUser) (TOTPEnrolment, error) {
	st, err := a.core.DB.TOTPState(ctx, u.ID)
	if err != nil {
		return TOTPEnrolment{}, err
	}
	if len(st.SecretEnc) > 0 {
		return TOTPEnrolment{}, ErrTOTPEnabled
	}
	secret := ""
	if len(st.PendingEnc) > 0 {
		if pt, err := a.core.Keys.OpenFromVault(st.PendingEnc); err == nil {
			secret = string(pt)
		}
	}
	if secret == "" {
		key, err := totp.Generate(totp.GenerateOpts{Issuer: totpIssuer, AccountName: u.Email})
		if err != nil {
			return TOTPEnrolment{}, err
		}
		secret = key.Secret()
		enc, err := a.core.Keys.SealToVault([]byte(secret))
		if err != nil {
			return TOTPEnrolment{}, err
		}
		if err := a.core.DB.SetPendingTOTP(ctx, u.ID, enc); err != nil {
			return TOTPEnrolment{}, err
		}
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: totpIssuer, AccountName: u.Email, Secret: decodeSecret(secret)})
	if err != nil {
		return TOTPEnrolment{}, err
	}
	img, err := key.Image(240, 240)
	if err != nil {
		return TOTPEnrolment{}, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return TOTPEnrolment{}, err
	}
	return TOTPEnrolment{Secret: secret, URL: key.URL(), QRPNG: buf.Bytes()}, nil
}

func decodeSecret(s string) []byte {
	b, _ := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(s))
	return b
}

// ConfirmTOTP checks a code against the secret being enrolled and, when it
// is right, makes it u's second factor and returns the recovery codes, to
// be shown once: only their hashes are kept. The user's other sessions,
// signed in with the password alone, end. It fails with Conflict
// (ErrTOTPEnabled) when u has a second factor already, Conflict
// (ErrNoEnrolment) when no enrolment is under way or its secret no longer
// opens, and Unauthorized (ErrCodeNeeded, ErrCodeWrong) when the code is
// missing or not right. It spends no sign-in attempts.
func (a *Service) ConfirmTOTP(ctx context.Context, u core.StaffUser, code, keepSession string) ([]string, error) {
	st, err := a.core.DB.TOTPState(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	if len(st.SecretEnc) > 0 {
		return nil, ErrTOTPEnabled
	}
	if len(st.PendingEnc) == 0 {
		return nil, ErrNoEnrolment
	}
	pt, err := a.core.Keys.OpenFromVault(st.PendingEnc)
	if err != nil {
		return nil, ErrNoEnrolment
	}
	code = normaliseCode(code)
	if code == "" {
		return nil, ErrCodeNeeded
	}
	step, ok := matchTOTP(string(pt), code, a.core.Now())
	if !ok {
		return nil, ErrCodeWrong
	}
	codes, hashes, err := newRecoveryCodes()
	if err != nil {
		return nil, err
	}
	enc, err := a.core.Keys.SealToVault(pt)
	if err != nil {
		return nil, err
	}
	err = a.core.DB.ConfirmTOTP(ctx, u.ID, enc, step, hashes, keepSession, store.Event{Type: audit.TOTPEnrol, ActorID: u.ID, Subject: u.ID})
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNoEnrolment
	}
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// CheckSecondFactor is the second step of signing in: nil when u has no
// second factor, or the code is a current TOTP code not used before, or an
// unused recovery code (which is then spent). usedRecovery tells the
// caller to remind the user how many are left. It counts no attempts (its
// callers do). It fails with Unauthorized (ErrCodeNeeded, ErrCodeWrong,
// ErrCodeReused) when the code is missing, not right, or a TOTP code used
// before.
func (a *Service) CheckSecondFactor(ctx context.Context, u core.StaffUser, code string) (usedRecovery bool, err error) {
	st, err := a.core.DB.TOTPState(ctx, u.ID)
	if err != nil {
		return false, err
	}
	if len(st.SecretEnc) == 0 {
		return false, nil
	}
	code = normaliseCode(code)
	if code == "" {
		return false, ErrCodeNeeded
	}
	if isRecoveryCode(code) {
		ok, err := a.core.DB.UseRecoveryCode(ctx, u.ID, hashRecoveryCode(code), store.Event{Type: audit.SigninRecoveryCode, ActorID: u.ID, Subject: u.ID})
		if err != nil {
			return false, err
		}
		if !ok {
			return false, ErrCodeWrong
		}
		return true, nil
	}
	secret, err := a.core.Keys.OpenFromVault(st.SecretEnc)
	if err != nil {
		return false, err
	}
	step, ok := matchTOTP(string(secret), code, a.core.Now())
	if !ok {
		return false, ErrCodeWrong
	}
	if step <= st.LastStep {
		return false, ErrCodeReused
	}
	accepted, err := a.core.DB.UseTOTPStep(ctx, u.ID, step)
	if err != nil {
		return false, err
	}
	if !accepted {
		// Another sign-in used this step between our read and write.
		return false, ErrCodeReused
	}
	return false, nil
}

// ResetTOTP removes a user's second factor (an admin, for a lost phone):
// their sessions end and they enrol again at their next sign-in. It fails
// with NotFound when the actor may not manage users, the id is malformed or
// there is no such account.
func (a *Service) ResetTOTP(ctx context.Context, actor access.Actor, userID string) error {
	if !access.CanManageUsers(actor) || !store.ValidID(userID) {
		return core.ErrNotFound
	}
	err := a.core.DB.ResetTOTP(ctx, userID, store.Event{Type: audit.TOTPReset, ActorID: actor.UserID, Subject: userID})
	if errors.Is(err, store.ErrNotFound) {
		return core.ErrNotFound
	}
	return err
}

// RenewRecoveryCodes replaces u's recovery codes after checking a current
// TOTP code, and returns the new ones to show once. It fails with Conflict
// (ErrNoEnrolment) when u has no second factor, Unauthorized (ErrCodeNeeded,
// ErrCodeWrong, ErrCodeReused) when the code is missing, not right, used
// before or a recovery code, and Throttled after too many wrong codes (the
// sign-in limiter).
func (a *Service) RenewRecoveryCodes(ctx context.Context, u core.StaffUser, code string) ([]string, error) {
	st, err := a.core.DB.TOTPState(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	if len(st.SecretEnc) == 0 {
		return nil, ErrNoEnrolment
	}
	code = normaliseCode(code)
	if code == "" {
		return nil, ErrCodeNeeded
	}
	if isRecoveryCode(code) {
		return nil, ErrCodeWrong // only the app's code renews the codes
	}
	if err := a.checkCodeGuarded(ctx, u, code); err != nil {
		return nil, err
	}
	codes, hashes, err := newRecoveryCodes()
	if err != nil {
		return nil, err
	}
	if err := a.core.DB.ReplaceRecoveryCodes(ctx, u.ID, hashes, store.Event{Type: audit.TOTPRecoveryCodes, ActorID: u.ID, Subject: u.ID}); err != nil {
		return nil, err
	}
	return codes, nil
}

// matchTOTP finds the time step, within the skew, whose code is code.
func matchTOTP(secret, code string, now time.Time) (int64, bool) {
	if len(code) != 6 {
		return 0, false
	}
	cur := now.Unix() / totpPeriod
	found, ok := int64(0), false
	for d := int64(-totpSkew); d <= totpSkew; d++ {
		step := cur + d
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*totpPeriod, 0).UTC(), totpOpts)
		if err != nil {
			return 0, false
		}
		// Compare every candidate, in constant time, without stopping early.
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && !ok {
			found, ok = step, true
		}
	}
	return found, ok
}

// normaliseCode drops spaces and dashes and lower-cases, so that codes
// typed as shown ("abcd-efgh-…", "123 456") match.
func normaliseCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r == ' ' || r == '-' || r == '\t':
		case r > 127:
			return "x" // never matches, and is not mistaken for empty
		default:
			b.WriteRune(r)
		}
		if b.Len() > 64 {
			return "x"
		}
	}
	return b.String()
}

// Recovery codes are 16 base32 characters (80 random bits), shown in four
// groups. 80 bits make a SHA-256 of the code safe to store: guessing
// through the hash is as hopeless as guessing the code.
const recoveryCodeLen = 16

var recoveryEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

func isRecoveryCode(code string) bool {
	if len(code) != recoveryCodeLen {
		return false
	}
	_, err := recoveryEncoding.DecodeString(strings.ToUpper(code))
	return err == nil
}

func hashRecoveryCode(code string) string {
	h := sha256.Sum256([]byte("confidant recovery code\x00" + code))
	return hex.EncodeToString(h[:])
}

func newRecoveryCodes() (codes, hashes []string, err error) {
	for i := 0; i < RecoveryCodeCount; i++ {
		b := make([]byte, 10)
		if _, err := rand.Read(b); err != nil {
			return nil, nil, err
		}
		c := strings.ToLower(recoveryEncoding.EncodeToString(b))
		codes = append(codes, c[0:4]+"-"+c[4:8]+"-"+c[8:12]+"-"+c[12:16])
		hashes = append(hashes, hashRecoveryCode(c))
	}
	return codes, hashes, nil
}
