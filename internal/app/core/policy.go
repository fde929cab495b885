package core

import (
	"context"
	"encoding/json"
	"strings"

	"confidant/internal/request"
)

// Policy is the checker's policy in force.
func (a *Core) Policy(ctx context.Context) request.Policy {
	v, _, err := a.DB.GetMetaVersioned(ctx, MetaPolicy)
	if err != nil || v == "" {
		return request.DefaultPolicy()
	}
	var p request.Policy
	if json.Unmarshal([]byte(v), &p) != nil {
		return request.DefaultPolicy()
	}
	return p // zero fields take their defaults inside the checker
}

// Lines splits a text box into its non-blank lines, trimmed.
func Lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// The request checker's policy values (LAW.md, "Checks that are product
// policy") are a setting: LAW.md's values until an admin changes them.
const MetaPolicy = "request_policy"
