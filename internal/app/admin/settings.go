package admin

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/audit"
	"confidant/internal/fault"
	"confidant/internal/store"
)

// SaveSettings validates and stores new settings. It fails with NotFound
// when the actor may not change settings, Invalid (with field messages)
// when a value is out of range or the form's version is missing, and
// Conflict (core.ErrSettingsChanged) when another administrator saved since
// the form was loaded, whose values are then in force.
func (a *Service) SaveSettings(ctx context.Context, actor access.Actor, f core.SettingsForm) (core.Settings, error) {
	if !access.CanChangeSettings(actor) {
		return core.Settings{}, core.ErrNotFound
	}
	s, version, errs := f.Parse()
	if errs != nil {
		return core.Settings{}, fault.InvalidFields(errs)
	}
	values := map[string]string{
		core.SettingIdle:      strconv.Itoa(int(s.IdleTimeout / time.Minute)),
		core.SettingAbsolute:  strconv.Itoa(int(s.AbsoluteTimeout / time.Minute)),
		core.SettingTOTP:      strconv.FormatBool(s.TOTPRequired),
		core.SettingRetention: strconv.Itoa(s.RetentionYears),
	}
	detail := fmt.Sprintf("idle=%s absolute=%s totp_required=%t retention_years=%d", values[core.SettingIdle]+"m", values[core.SettingAbsolute]+"m", s.TOTPRequired, s.RetentionYears)
	next, err := a.core.DB.SaveSettings(ctx, values, version, store.Event{Type: audit.SettingsChange, ActorID: actor.UserID, Subject: "settings", Detail: detail})
	if errors.Is(err, store.ErrSettingsChanged) {
		// Someone else's values are now in force: load them so that the
		// page can show them.
		if lerr := a.core.LoadSettings(ctx); lerr != nil {
			return core.Settings{}, lerr
		}
		return core.Settings{}, core.ErrSettingsChanged
	}
	if err != nil {
		return core.Settings{}, err
	}
	s.Version = next
	a.core.SetSettings(s)
	return s, nil
}
