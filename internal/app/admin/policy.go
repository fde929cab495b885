package admin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/audit"
	"confidant/internal/fault"
	"confidant/internal/request"
	"confidant/internal/store"
)

// PolicyForm is the policy page's input: lists one item per line.
type PolicyForm struct {
	AllowedDomains    string
	MaxAgeDays        string
	ExtraSeniorRanks  string
	OutOfScopeDomains string
	OutOfScopeForces  string
	Version           int
}

// PolicyForm returns the policy in force as the page shows it. It fails
// with NotFound when the actor may not change settings.
func (a *Service) PolicyForm(ctx context.Context, actor access.Actor) (PolicyForm, error) {
	if !access.CanChangeSettings(actor) {
		return PolicyForm{}, core.ErrNotFound
	}
	_, version, err := a.core.DB.GetMetaVersioned(ctx, core.MetaPolicy)
	if err != nil {
		return PolicyForm{}, err
	}
	p := a.core.Policy(ctx)
	d := request.DefaultPolicy()
	or := func(xs, def []string) string {
		if len(xs) == 0 {
			xs = def
		}
		return strings.Join(xs, "\n")
	}
	age := p.MaxAuthorisationAgeDays
	if age == 0 {
		age = d.MaxAuthorisationAgeDays
	}
	return PolicyForm{
		AllowedDomains: or(p.AllowedDomains, d.AllowedDomains), MaxAgeDays: strconv.Itoa(age),
		ExtraSeniorRanks: strings.Join(p.ExtraSeniorRanks, "\n"), OutOfScopeDomains: or(p.OutOfScopeDomains, d.OutOfScopeDomains),
		OutOfScopeForces: or(p.OutOfScopeForces, d.OutOfScopeForces), Version: version,
	}, nil
}

var domainRE = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)

// SavePolicy validates and stores the checker's policy, refusing an edit
// made on a stale page. It fails with NotFound when the actor may not
// change settings, Invalid (with field messages) when a domain is not a
// domain name, no allowed domain is listed or the age is not 1 to 365
// days, and Conflict (with a message on the "version" field) when another
// administrator saved since the page was read.
func (a *Service) SavePolicy(ctx context.Context, actor access.Actor, f PolicyForm) error {
	if !access.CanChangeSettings(actor) {
		return core.ErrNotFound
	}
	errs := core.FieldErrors{}
	var p request.Policy
	for _, d := range core.Lines(strings.ToLower(f.AllowedDomains)) {
		if !domainRE.MatchString(d) {
			errs["allowed_domains"] = fmt.Sprintf("%q is not a domain name like police.uk.", d)
		}
		p.AllowedDomains = append(p.AllowedDomains, d)
	}
	if len(p.AllowedDomains) == 0 {
		errs["allowed_domains"] = "List at least one allowed domain, such as police.uk."
	}
	for _, d := range core.Lines(strings.ToLower(f.OutOfScopeDomains)) {
		if !domainRE.MatchString(d) {
			errs["out_of_scope_domains"] = fmt.Sprintf("%q is not a domain name.", d)
		}
		p.OutOfScopeDomains = append(p.OutOfScopeDomains, d)
	}
	days, err := strconv.Atoi(strings.TrimSpace(f.MaxAgeDays))
	if err != nil || days < 1 || days > 365 {
		errs["max_age_days"] = "Enter a whole number of days from 1 to 365."
	}
	p.MaxAuthorisationAgeDays = days
	p.ExtraSeniorRanks = core.Lines(f.ExtraSeniorRanks)
	p.OutOfScopeForces = core.Lines(f.OutOfScopeForces)
	if len(errs) > 0 {
		return fault.InvalidFields(errs)
	}
	raw, err := json.Marshal(p)
	if err != nil {
		return err
	}
	err = a.core.DB.SetMetaVersioned(ctx, core.MetaPolicy, string(raw), f.Version, &store.Event{Type: audit.SettingsPolicy, ActorID: actor.UserID, Subject: "request_policy"})
	if errors.Is(err, store.ErrStale) {
		return stale("version", "Another administrator changed the policy while you were editing it. Reload to see their version, then make your change again.")
	}
	return err
}
