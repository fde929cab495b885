package app

import (
	"context"
	"errors"
	"strings"

	"confidant/internal/access"
	"confidant/internal/letters"
	"confidant/internal/store"
)

// LetterTemplate returns the template in use for a letter and its version
// (0 while the default is in use).
func (a *App) LetterTemplate(ctx context.Context, kind letters.Kind) (string, int, error) {
	t, err := a.DB.LetterTemplateByKind(ctx, string(kind))
	if errors.Is(err, store.ErrNotFound) {
		return letters.Defaults[kind], 0, nil
	}
	if err != nil {
		return "", 0, err
	}
	return t.Body, t.Version, nil
}

// SaveLetterTemplate stores an admin's edit of a letter, refusing one that
// does not render.
func (a *App) SaveLetterTemplate(ctx context.Context, actor access.Actor, kind letters.Kind, body string, version int) error {
	if !access.CanManageUsers(actor) || !kind.Valid() {
		return ErrNotFound
	}
	body = strings.ReplaceAll(body, "\r\n", "\n")
	if err := letters.Check(body); err != nil {
		return FieldErrors{"body": err.Error()}
	}
	err := a.DB.SaveLetterTemplate(ctx, string(kind), body, actor.UserID, version)
	if errors.Is(err, store.ErrStale) {
		return FieldErrors{"body": err.Error()}
	}
	return err
}

// Letter fills a letter for a request.
func (a *App) Letter(ctx context.Context, actor access.Actor, requestID string, kind letters.Kind) (title, body string, err error) {
	if !kind.Valid() {
		return "", "", ErrNotFound
	}
	d, err := a.Request(ctx, actor, requestID)
	if err != nil {
		return "", "", err
	}
	tmpl, _, err := a.LetterTemplate(ctx, kind)
	if err != nil {
		return "", "", err
	}
	data := letters.Data{
		Provider: a.ProviderName(ctx), Date: letters.FormatDate(a.Now()),
		Reference: d.Request.Reference, ClientRef: d.ClientRef, Force: d.Record.Force,
		OfficerName: d.Record.Requester.Name, OfficerRank: d.Record.Requester.Rank,
		ReceivedOn: d.Record.ReceivedOn, RequestDate: d.Record.RequestDate,
		InformationSought: d.Record.InformationSought,
	}
	fs := make([]letters.Defect, len(d.Verdict.Findings))
	sev := make([]string, len(d.Verdict.Findings))
	for i, f := range d.Verdict.Findings {
		fs[i] = letters.Defect{Code: string(f.Code), Law: f.Law, Message: f.Message}
		sev[i] = string(f.Severity)
	}
	data.Defects, data.ToVerify = letters.DefectsFrom(fs, sev)
	body, err = letters.Render(tmpl, data)
	if err != nil {
		// An admin's template that stopped rendering: fall back to the
		// default rather than leave the lead without a letter.
		if body, err = letters.Render(letters.Defaults[kind], data); err != nil {
			return "", "", err
		}
	}
	_ = a.DB.Audit(ctx, store.Event{Type: "request.letter", ActorID: actor.UserID, Subject: d.Request.ID, Detail: string(kind)})
	return kind.Title() + " – " + d.Request.Reference, body, nil
}
