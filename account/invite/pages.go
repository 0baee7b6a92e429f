package invite

import "embed"

// Pages holds the invitation and reset page templates.
//
//go:embed pages/*.html
var Pages embed.FS
