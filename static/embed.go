// Package static embeds the stylesheet, script and icons the pages load.
// Everything is served from our own origin: no third-party requests.
package static

import "embed"

// FS holds the static assets.
//
//go:embed *.css *.js
var FS embed.FS
