// Package server owns the HTTP plumbing every Mijn Account binary shares: the
// middleware chain (panic recovery, request ids, client IPs behind trusted
// proxies, security headers, access log, metrics, cross-origin protection),
// the one place that turns handler errors into responses and log lines, the
// operational endpoints (/healthz, /readyz, /metrics), the logger and the
// listener lifecycle with graceful shutdown.
//
// Domain packages mount their routes on [Server.Mux] and write handlers as
// [HandlerFunc] values that return errors; they never write error responses
// themselves. They read the request id and client IP with [RequestID] and
// [ClientIPFrom].
//
// This package must not know any domain: no accounts, factors, tokens or
// templates. It must not log personal data or secrets: no request bodies,
// query strings, cookies, Authorization headers or client IPs, and route
// wildcards (which may carry tokens) are logged as their pattern.
package server
