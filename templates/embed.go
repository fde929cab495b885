// Package templates embeds Confidant's server-rendered HTML templates.
package templates

import "embed"

// FS holds the page templates and the shared layout.
//
//go:embed *.html
var FS embed.FS
