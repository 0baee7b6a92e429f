package oidclogin

import "time"

// fullDate returns v when it is a string holding a full date written
// YYYY-MM-DD, else "". OpenID Connect Core 5.1 also allows a year alone
// ("YYYY") or a date without its year ("0000-MM-DD"); those, and anything
// malformed, are dropped without refusing the login.
func fullDate(v any) string {
	s, ok := v.(string)
	if !ok || len(s) != len(time.DateOnly) {
		return ""
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil || d.Year() == 0 {
		return ""
	}
	return s
}
