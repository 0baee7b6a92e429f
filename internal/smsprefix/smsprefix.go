// Package smsprefix holds the country prefixes SMS may go to when the
// settings name none, shared by the configuration defaults and the SMS
// package, which must not import each other.
package smsprefix

// Defaults returns the country calling codes SMS may go to by default: the
// Netherlands, Belgium and Germany. Each call returns a new slice, so a
// caller may change its copy.
func Defaults() []string { return []string{"+31", "+32", "+49"} }
