// Package web is the absence application's HTTP side: login through Mijn
// Account and logout (RP-initiated and back-channel), the employee register
// (with the BSN sealed at rest), sick and recovery reports, the dossier with
// its Poortwachter timeline and medical notes, the employee portal (/me),
// statistics, the service relations, the role matrix and the privacy page.
//
// Every handler that shows or changes personal data first works out who is
// asking (the session, the rights of their roles within their domain, and
// through package registration whether the employee or absence is within
// reach of their organisation, and, for a leidinggevende, whether the
// employee is in their own team), and records an audit event — ids only —
// before it answers. Medical notes are read per note only by the practice
// that serves the employer today or wrote the note (medical_notes.go). An employee or absence out of reach is answered with
// 404, so its existence is not revealed. When the audit trail cannot be
// written the request fails.
//
// Pages are Dutch first (English with ?lang=en), reuse the site layout of
// package templates, need no JavaScript and post only to this application.
// The login is a plain GET redirect to the provider; logout ends the local
// session on a POST and then sends the browser to the provider's end-session
// endpoint with a Refresh header and a link, not a redirect, so the pages'
// form-action stays 'self'.
//
// It must not talk to the database or the key-value store other than through
// package store, package session and the small login-state and replay keys it
// owns ("login:", "logout-jti:").
package web
