// Package loadgen drives a running Mijn Account server over HTTP on loopback
// and reports throughput, latency percentiles, errors and the server
// process's memory and CPU time per request.
//
// It prepares its own servers: a fresh data directory (and, for the
// PostgreSQL configuration, a fresh database and Redis key prefix), users
// with an authenticator app seeded in-process through app.Open, and then
// `mijnaccount serve` as a child process whose /proc entries are sampled.
// Every run is bounded by a duration and an operation count, and only
// loopback targets are accepted.
package loadgen
