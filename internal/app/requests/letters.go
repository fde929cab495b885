package requests

import (
	"context"
	"errors"
	"strings"

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/audit"
	"confidant/internal/fault"
	"confidant/internal/letters"
	"confidant/internal/request"
	"confidant/internal/store"
	"confidant/internal/words"
)

// LetterTemplate returns the template in use for a letter and its version
// (0 while the default is in use). It checks no actor: the web's route
// lets administrators only reach it. It has no failure of its own.
func (a *Service) LetterTemplate(ctx context.Context, kind letters.Kind) (string, int, error) {
	t, err := a.core.DB.LetterTemplateByKind(ctx, string(kind))
	if errors.Is(err, store.ErrNotFound) {
		return letters.Defaults[kind], 0, nil
	}
	if err != nil {
		return "", 0, err
	}
	return t.Body, t.Version, nil
}

// SaveLetterTemplate stores an admin's edit of a letter, refusing one that
// does not render. It fails with NotFound when the actor may not manage
// users or kind is not a letter, Invalid (with a message on the "body"
// field) when the template does not render, and Conflict (with a message
// on the "body" field) when another administrator saved since the page
// was read.
func (a *Service) SaveLetterTemplate(ctx context.Context, actor access.Actor, kind letters.Kind, body string, version int) error {
	if !access.CanManageUsers(actor) || !kind.Valid() {
		return core.ErrNotFound
	}
	body = strings.ReplaceAll(body, "\r\n", "\n")
	if err := letters.Check(body); err != nil {
		return fault.InvalidFields(core.FieldErrors{"body": err.Error()})
	}
	err := a.core.DB.SaveLetterTemplate(ctx, string(kind), body, actor.UserID, version)
	if errors.Is(err, store.ErrStale) {
		return refused("body", err.Error())
	}
	return err
}

// findingURL is a finding's provision on legislation.gov.uk: the
// checker's url field, or for a finding stored before it had one, a link
// built from the law column.
func findingURL(f request.Finding) string {
	if f.URL != "" {
		return f.URL
	}
	return words.LawURL(f.Law)
}

// FindingURL is findingURL for the pages. It cannot fail.
func FindingURL(f request.Finding) string { return findingURL(f) }

// LetterService is the service's identity as a letter's frame shows it.
// It cannot fail: an identity that cannot be read is shown empty.
func (a *Service) LetterService(ctx context.Context) letters.Service {
	id := a.core.Identity(ctx)
	return letters.Service{Name: id.Name, Address: id.AddressLines(), Phone: id.Phone, Email: id.Email, Signature: id.Signature}
}

// Letter writes a letter for a request, from its record, its findings and
// the service's identity, and records that it was written. It fails with
// NotFound when kind is not a letter, the actor may not handle requests or
// there is no such request, and Conflict, saying why in words for the lead,
// when the lead cannot have the letter yet (a placeholder with nothing to
// fill it, or nothing to ask).
func (a *Service) Letter(ctx context.Context, actor access.Actor, requestID string, kind letters.Kind) (letters.Letter, error) {
	if !kind.Valid() {
		return letters.Letter{}, core.ErrNotFound
	}
	d, err := a.Request(ctx, actor, requestID)
	if err != nil {
		return letters.Letter{}, err
	}
	tmpl, _, err := a.LetterTemplate(ctx, kind)
	if err != nil {
		return letters.Letter{}, err
	}
	data := letters.Data{
		Date:      letters.FormatDate(a.core.Now()),
		Reference: d.Request.Reference, ClientRef: d.Request.ClientRef, Force: d.Record.Force,
		OfficerName: d.Record.Requester.Name, OfficerRank: d.Record.Requester.Rank,
		InformationSought: d.Record.InformationSought,
	}
	if d.Record.ReceivedOn != "" {
		data.ReceivedOn = words.Day(d.Record.ReceivedOn)
	}
	if d.Record.RequestDate != "" {
		data.RequestDate = words.Day(d.Record.RequestDate)
	}
	fs := make([]letters.Finding, len(d.Verdict.Findings))
	for i, f := range d.Verdict.Findings {
		fs[i] = letters.Finding{Code: string(f.Code), Severity: string(f.Severity), Law: f.Law, URL: findingURL(f)}
	}
	data.Defects, data.ToVerify, data.CompulsionClaimed = letters.Points(fs)
	if kind == letters.Cover {
		if x, err := a.core.DB.LatestExtract(ctx, d.Request.ID); err == nil {
			data.ExtractSummary, data.ExtractHash = x.Summary, x.SHA256
		} else if !errors.Is(err, store.ErrNotFound) {
			return letters.Letter{}, err
		}
	}
	svc := a.LetterService(ctx)
	l, err := letters.Compose(kind, tmpl, svc, data)
	if errors.Is(err, letters.ErrTemplate) {
		// An admin's template that stopped rendering: fall back to the
		// default rather than leave the lead without a letter.
		l, err = letters.Compose(kind, letters.Defaults[kind], svc, data)
	}
	var me *letters.MissingError
	if errors.As(err, &me) || errors.Is(err, letters.ErrNothingToAsk) {
		return letters.Letter{}, fault.New(fault.Conflict, err.Error())
	}
	if err != nil {
		return letters.Letter{}, err
	}
	_ = a.core.DB.Audit(ctx, store.Event{Type: audit.RequestLetter, ActorID: actor.UserID, Subject: d.Request.ID, Detail: string(kind)})
	return l, nil
}
