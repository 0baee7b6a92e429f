// Package demo seeds the demonstration that `make demo` (cmd/demo) runs: one
// organisation per domain with a user each on the identity provider, the
// absence application registered as its first-party client, and in the
// absence application the demo organisations, their service relations and
// the employer's employees with their absences.
//
// It must not be linked into the identity provider's own binary
// (cmd/mijnaccount): that binary never knows the demo password, so a
// production installation cannot seed accounts anyone can guess (OWASP ASVS
// 5.0 6.3.2). A test in cmd/mijnaccount holds that line.
package demo
