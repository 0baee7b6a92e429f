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
// Error classes. A handler returns an [*Error] when it knows the answer
// (400, 403, 404, 429 …). For a failed call to a dependency it returns
// [Unavailable](err), and a bare error is treated the same way: [Classify]
// decides the status from what err is, in one place for every binary.
//   - 503 "unavailable" only when the dependency is down, as
//     storage.IsUnavailable says: unreachable, connection refused or cut,
//     past its deadline, shutting down, out of connections, SQLite busy. It
//     passes, so a load balancer may retry the request elsewhere.
//   - 404 "not_found" when err is a not-found nobody handled
//     (storage.IsNotFound: storage.ErrNotFound, the domain packages'
//     ErrNotFound made with storage.NewNotFound, sql.ErrNoRows).
//   - 500 "internal" for everything else: a bug (a SQL syntax error, a value
//     that does not decode, a missing wiring) that no retry mends and that a
//     load balancer must not retry. The page shows the request id; the log
//     line with the same id holds the detail.
//
// This package must not know any domain: no accounts, factors, tokens or
// templates. It must not log personal data or secrets: no request bodies,
// query strings, cookies, Authorization headers or client IPs, and route
// wildcards (which may carry tokens) are logged as their pattern.
package server
