package core

import (
	"context"
	"encoding/json"
	"strings"
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

// Identity is the service's identity in force. Fields never set are
// empty, except the portal name and signature, which have defaults.
func (a *Core) Identity(ctx context.Context) Identity {
	var id Identity
	if v, _, err := a.DB.GetMetaVersioned(ctx, MetaIdentity); err == nil && v != "" {
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
func (id Identity) AddressLines() []string { return Lines(id.Address) }

// ProviderName is the service's name for letters, extracts and emails;
// until an admin sets it, a neutral phrase.
func (a *Core) ProviderName(ctx context.Context) string {
	if n := a.Identity(ctx).Name; n != "" {
		return n
	}
	return "Our counselling service"
}

// EmailSignature ends an email to an officer: who signs, the service's
// name and how to reach it.
func (a *Core) EmailSignature(ctx context.Context) string {
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

// DefaultPortalName is the portal's name until an admin sets another.
const DefaultPortalName = "Your appointments"

// DefaultSignature signs letters until an admin sets another.
const DefaultSignature = "Safeguarding lead"

// MetaIdentity keeps the identity as JSON, versioned so that two admins
// editing at once cannot overwrite each other.
const MetaIdentity = "service_identity"
