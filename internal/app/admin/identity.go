package admin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/audit"
	"confidant/internal/fault"
	"confidant/internal/store"
)

// IdentityForm is the identity page's input, as typed.
type IdentityForm struct {
	core.Identity
	Version int
}

// IdentityForm returns the identity in force as the page shows it. It
// fails with NotFound when the actor may not change settings.
func (a *Service) IdentityForm(ctx context.Context, actor access.Actor) (IdentityForm, error) {
	if !access.CanChangeSettings(actor) {
		return IdentityForm{}, core.ErrNotFound
	}
	_, version, err := a.core.DB.GetMetaVersioned(ctx, core.MetaIdentity)
	if err != nil {
		return IdentityForm{}, err
	}
	return IdentityForm{Identity: a.core.Identity(ctx), Version: version}, nil
}

// SaveIdentity validates and stores the identity, refusing an edit made
// on a stale page. It fails with NotFound when the actor may not change
// settings, Invalid (with field messages) when a field is missing, too long
// or not an email address, and Conflict (with a message on the "version"
// field) when another administrator saved since the page was read.
func (a *Service) SaveIdentity(ctx context.Context, actor access.Actor, f IdentityForm) error {
	if !access.CanChangeSettings(actor) {
		return core.ErrNotFound
	}
	id := f.Identity
	oneLine := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	id.Name, id.Phone, id.Email, id.PortalName = oneLine(id.Name), oneLine(id.Phone), strings.TrimSpace(id.Email), oneLine(id.PortalName)
	id.Address = strings.Join(core.Lines(id.Address), "\n")
	id.Signature = strings.Join(core.Lines(id.Signature), "\n")
	errs := core.FieldErrors{}
	for _, c := range []struct {
		field, value, label string
		max                 int
	}{
		{"name", id.Name, "The service's name", 120},
		{"address", id.Address, "The address", 400},
		{"phone", id.Phone, "The phone number", 40},
		{"email", id.Email, "The email address", 200},
		{"signature", id.Signature, "The signature", 300},
		{"portal_name", id.PortalName, "The portal's name", 60},
	} {
		if utf8.RuneCountInString(c.value) > c.max {
			errs[c.field] = fmt.Sprintf("%s is too long: keep it under %d characters.", c.label, c.max)
		}
	}
	if id.Name == "" {
		errs["name"] = "Enter the service's name, as letters should be signed."
	}
	if id.Email != "" {
		if addr, err := mail.ParseAddress(id.Email); err != nil || addr.Address != id.Email {
			errs["email"] = "Enter an email address like office@example.org."
		}
	}
	if id.PortalName == "" {
		id.PortalName = core.DefaultPortalName
	}
	if len(errs) > 0 {
		return fault.InvalidFields(errs)
	}
	raw, err := json.Marshal(id)
	if err != nil {
		return err
	}
	err = a.core.DB.SetMetaVersioned(ctx, core.MetaIdentity, string(raw), f.Version, &store.Event{Type: audit.SettingsIdentity, ActorID: actor.UserID, Subject: "service_identity"})
	if errors.Is(err, store.ErrStale) {
		return stale("version", "Another administrator changed the service's details while you were editing them. Reload to see their version, then make your change again.")
	}
	return err
}
