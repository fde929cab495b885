package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"confidant/internal/access"
	"confidant/internal/audit"
	"confidant/internal/store"
)

// Identity is how the service names itself: on every letter, the
// extract's cover, the rights leaflet, staff emails and the staff pages'
// footer. The portal shows only PortalName, because a survivor's screen
// should not say "rape crisis" to someone looking over her shoulder.
type Identity struct {
	Name       string `json:"name"`
	Address    string `json:"address"` // postal address, one line per line
	Phone      string `json:"phone"`
	Email      string `json:"email"`
	Signature  string `json:"signature"` // who signs letters, e.g. "Safeguarding lead"
	PortalName string `json:"portal_name"`
}

// DefaultPortalName is the portal's name until an admin sets another.
const DefaultPortalName = "Your appointments"

// DefaultSignature signs letters until an admin sets another.
const DefaultSignature = "Safeguarding lead"

// metaIdentity keeps the identity as JSON, versioned so that two admins
// editing at once cannot overwrite each other.
const metaIdentity = "service_identity"

// Identity is the service's identity in force. Fields never set are
// empty, except the portal name and signature, which have defaults.
func (a *App) Identity(ctx context.Context) Identity {
	var id Identity
	if v, _, err := a.DB.GetMetaVersioned(ctx, metaIdentity); err == nil && v != "" {
		_ = json.Unmarshal([]byte(v), &id)
	}
	if id.PortalName == "" {
		id.PortalName = DefaultPortalName
	}
	if id.Signature == "" {
		id.Signature = DefaultSignature
	}
	return id
}

// AddressLines is the postal address, one line per element.
func (id Identity) AddressLines() []string { return lines(id.Address) }

// ProviderName is the service's name for letters, extracts and emails;
// until an admin sets it, a neutral phrase.
func (a *App) ProviderName(ctx context.Context) string {
	if n := a.Identity(ctx).Name; n != "" {
		return n
	}
	return "Our counselling service"
}

// IdentityForm is the identity page's input, as typed.
type IdentityForm struct {
	Identity
	Version int
}

// IdentityForm returns the identity in force as the page shows it.
func (a *App) IdentityForm(ctx context.Context, actor access.Actor) (IdentityForm, error) {
	if !access.CanChangeSettings(actor) {
		return IdentityForm{}, ErrNotFound
	}
	_, version, err := a.DB.GetMetaVersioned(ctx, metaIdentity)
	if err != nil {
		return IdentityForm{}, err
	}
	return IdentityForm{Identity: a.Identity(ctx), Version: version}, nil
}

// SaveIdentity validates and stores the identity, refusing an edit made
// on a stale page.
func (a *App) SaveIdentity(ctx context.Context, actor access.Actor, f IdentityForm) error {
	if !access.CanChangeSettings(actor) {
		return ErrNotFound
	}
	id := f.Identity
	oneLine := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	id.Name, id.Phone, id.Email, id.PortalName = oneLine(id.Name), oneLine(id.Phone), strings.TrimSpace(id.Email), oneLine(id.PortalName)
	id.Address = strings.Join(lines(id.Address), "\n")
	id.Signature = strings.Join(lines(id.Signature), "\n")
	errs := FieldErrors{}
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
		id.PortalName = DefaultPortalName
	}
	if len(errs) > 0 {
		return errs
	}
	raw, err := json.Marshal(id)
	if err != nil {
		return err
	}
	err = a.DB.SetMetaVersioned(ctx, metaIdentity, string(raw), f.Version, &store.Event{Type: audit.SettingsIdentity, ActorID: actor.UserID, Subject: "service_identity"})
	if errors.Is(err, store.ErrStale) {
		return FieldErrors{"version": "Another administrator changed the service's details while you were editing them. Reload to see their version, then make your change again."}
	}
	return err
}

// EmailSignature ends an email to an officer: who signs, the service's
// name and how to reach it.
func (a *App) EmailSignature(ctx context.Context) string {
	id := a.Identity(ctx)
	out := []string{id.Signature, a.ProviderName(ctx)}
	if id.Phone != "" {
		out = append(out, "Telephone "+id.Phone)
	}
	if id.Email != "" {
		out = append(out, id.Email)
	}
	return strings.Join(out, "\n")
}
