package login

import "embed"

// Pages holds the login's page templates (login, change_password) and the
// password-form partials other packages reuse.
//
//go:embed pages/*.html
var Pages embed.FS
