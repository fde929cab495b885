package admin

import (
	"context"
	"errors"
	"strings"

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/audit"
	"confidant/internal/fault"
	"confidant/internal/rights"
	"confidant/internal/store"
)

// MetaRightsText is the admin's edit of the clients' rights text.
const MetaRightsText = "rights_text"

// RightsTemplate returns the rights text as an admin edits it (a template)
// and its version, 0 while the default is in use. It checks no actor: the
// text is public. It has no failure of its own.
func (a *Service) RightsTemplate(ctx context.Context) (string, int, error) {
	body, version, err := a.core.DB.GetMetaVersioned(ctx, MetaRightsText)
	if err != nil {
		return "", 0, err
	}
	if version == 0 || body == "" {
		return rights.Default, version, nil
	}
	return body, version, nil
}

// SaveRightsTemplate stores an admin's edit, refusing one that does not
// render and one made on a stale copy. It fails with NotFound when the
// actor may not change settings, Invalid (with a message on the "body"
// field) when the text does not render, is too long or has no title, and
// Conflict (with a message on the "body" field) when another administrator
// saved since the copy was read.
func (a *Service) SaveRightsTemplate(ctx context.Context, actor access.Actor, body string, version int) error {
	if !access.CanChangeSettings(actor) {
		return core.ErrNotFound
	}
	body = strings.ReplaceAll(body, "\r\n", "\n")
	if err := rights.Check(body); err != nil {
		return fault.InvalidFields(core.FieldErrors{"body": err.Error()})
	}
	err := a.core.DB.SetMetaVersioned(ctx, MetaRightsText, body, version,
		&store.Event{Type: audit.RightsText, ActorID: actor.UserID, Subject: MetaRightsText})
	if errors.Is(err, store.ErrStale) {
		return stale("body", err.Error())
	}
	return err
}

// RightsText is the clients' rights in plain words, ready to show: the
// survivor portal's page and the staff's printable leaflet both come from
// it (rights.Blocks gives its structure, rights.PDF the leaflet). It is
// public information, so it needs no actor. An admin's edit that stopped
// rendering falls back to the default rather than leave a client without
// it. It has no failure of its own.
func (a *Service) RightsText(ctx context.Context) (string, error) {
	return a.rightsText(ctx, a.core.ProviderName(ctx))
}

// PortalRightsText is RightsText for the portal, which names no service:
// someone reading a client's screen over her shoulder learns nothing. It
// has no failure of its own.
func (a *Service) PortalRightsText(ctx context.Context) (string, error) {
	return a.rightsText(ctx, "this service")
}

func (a *Service) rightsText(ctx context.Context, provider string) (string, error) {
	tmpl, _, err := a.RightsTemplate(ctx)
	if err != nil {
		return "", err
	}
	d := rights.Data{Provider: provider}
	out, err := rights.Render(tmpl, d)
	if err != nil {
		return rights.Render(rights.Default, d)
	}
	return out, nil
}
