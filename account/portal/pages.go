package portal

import "embed"

// Pages holds the portal's page templates.
//
//go:embed pages/*.html
var Pages embed.FS
