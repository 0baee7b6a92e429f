package authz

import "embed"

// Pages holds the provider's page templates and message catalogues.
//
//go:embed pages/*.html i18n/*.json
var Pages embed.FS
