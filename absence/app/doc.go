// Package app assembles the absence application for one configuration: its
// database (migrated), its own audit database, the key-value store for
// sessions (memory or Redis), the OpenID Connect client, the web handlers and
// the shared HTTP server with security headers, cross-origin protection,
// /healthz, /readyz and /metrics. cmd/absence only parses arguments and
// calls it.
//
// It fails closed: an unreachable database, audit database or Redis is an
// error at start. Mijn Account itself may still be down: discovery is
// retried on the first login.
package app
