package core

import (
	"confidant/internal/store"
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"
)

// Settings are the vault-wide values an admin can change.
type Settings struct {
	IdleTimeout     time.Duration
	AbsoluteTimeout time.Duration
	// TOTPRequired sends staff without a second factor to enrolment at
	// their next sign-in, and lets them do nothing else until enrolled.
	TOTPRequired bool
	// RetentionYears is how long a client's records are kept after their
	// last session before they are listed for shredding.
	RetentionYears int
	// Version is the settings' version when these were loaded; saving
	// with an older one is refused (two admins editing at once).
	Version int64
}

// DefaultSettings are used until an admin changes them.
func DefaultSettings() Settings {
	return Settings{IdleTimeout: 30 * time.Minute, AbsoluteTimeout: 12 * time.Hour, RetentionYears: 7}
}

type settingsBox struct {
	mu sync.RWMutex
	s  Settings
}

func (b *settingsBox) get() Settings {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.s
}

func (b *settingsBox) set(s Settings) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.s = s
}

// Settings returns the settings in force.
func (a *Core) Settings() Settings { return a.settings.get() }

// SetSettings replaces the settings in memory only (tests).
func (a *Core) SetSettings(s Settings) { a.settings.set(s) }

// LoadSettings reads the stored settings over the defaults; a stored
// value that does not parse keeps the default. It has no failure of its
// own.
func (a *Core) LoadSettings(ctx context.Context) error {
	m, version, err := a.DB.LoadSettings(ctx)
	if err != nil {
		return fmt.Errorf("load settings: %w", err)
	}
	s := DefaultSettings()
	s.Version = version
	if v, err := strconv.Atoi(m[SettingIdle]); err == nil && v > 0 {
		s.IdleTimeout = time.Duration(v) * time.Minute
	}
	if v, err := strconv.Atoi(m[SettingAbsolute]); err == nil && v > 0 {
		s.AbsoluteTimeout = time.Duration(v) * time.Minute
	}
	s.TOTPRequired = m[SettingTOTP] == "true"
	if v, err := strconv.Atoi(m[SettingRetention]); err == nil && v > 0 {
		s.RetentionYears = v
	}
	a.settings.set(s)
	return nil
}

// Setting keys in the settings table.
const (
	SettingIdle      = "idle_timeout_minutes"
	SettingAbsolute  = "absolute_timeout_minutes"
	SettingTOTP      = "totp_required"
	SettingRetention = "retention_years"
)

// SettingsForm is the settings page's input, as typed.
type SettingsForm struct {
	IdleMinutes    string
	AbsoluteHours  string
	TOTPRequired   bool
	RetentionYears string
	Version        string
}

// Form gives the settings as the page shows them.
func (s Settings) Form() SettingsForm {
	return SettingsForm{
		IdleMinutes:    strconv.Itoa(int(s.IdleTimeout / time.Minute)),
		AbsoluteHours:  strconv.FormatFloat(s.AbsoluteTimeout.Hours(), 'f', -1, 64),
		TOTPRequired:   s.TOTPRequired,
		RetentionYears: strconv.Itoa(s.RetentionYears),
		Version:        strconv.FormatInt(s.Version, 10),
	}
}

// Parse validates the form; errors are keyed by field name.
func (f SettingsForm) Parse() (Settings, int64, FieldErrors) {
	errs := FieldErrors{}
	var s Settings
	idle, err := strconv.Atoi(f.IdleMinutes)
	s.IdleTimeout = time.Duration(idle) * time.Minute
	if err != nil || s.IdleTimeout < MinIdle || s.IdleTimeout > MaxIdle {
		errs["idle_minutes"] = fmt.Sprintf("Enter the idle timeout as a whole number of minutes from %d to %d.", int(MinIdle.Minutes()), int(MaxIdle.Minutes()))
	}
	hours, err := strconv.ParseFloat(f.AbsoluteHours, 64)
	s.AbsoluteTimeout = time.Duration(hours * float64(time.Hour)).Round(time.Minute)
	if err != nil || s.AbsoluteTimeout < MinAbsolute || s.AbsoluteTimeout > MaxAbsolute {
		errs["absolute_hours"] = fmt.Sprintf("Enter the longest session in hours, from %g to %g.", MinAbsolute.Hours(), MaxAbsolute.Hours())
	} else if errs["idle_minutes"] == "" && s.AbsoluteTimeout < s.IdleTimeout {
		errs["absolute_hours"] = "The longest session cannot be shorter than the idle timeout."
	}
	s.TOTPRequired = f.TOTPRequired
	s.RetentionYears, err = strconv.Atoi(f.RetentionYears)
	if err != nil || s.RetentionYears < MinRetention || s.RetentionYears > MaxRetention {
		errs["retention_years"] = fmt.Sprintf("Enter the retention period as a whole number of years from %d to %d.", MinRetention, MaxRetention)
	}
	version, err := strconv.ParseInt(f.Version, 10, 64)
	if err != nil || version < 1 {
		errs["version"] = "The form is out of date; reload the page."
	}
	if len(errs) > 0 {
		return Settings{}, 0, errs
	}
	return s, version, nil
}

// core.Limits on the settings, so that a typo cannot sign everyone out every
// minute or keep records for ever.
const (
	MinIdle      = 5 * time.Minute
	MaxIdle      = 8 * time.Hour
	MinAbsolute  = time.Hour
	MaxAbsolute  = 7 * 24 * time.Hour
	MinRetention = 1
	MaxRetention = 100
)

// ErrSettingsChanged means another admin saved the settings first: the
// store's answer, under the name the services and the web use.
var ErrSettingsChanged = store.ErrSettingsChanged
