// Package conformance holds the behaviour suites that every backend of a store
// interface must pass: one exported Run…Tests function per interface (today
// RunKVTests for storage.KV), each a table of named sub-tests.
//
// A backend's own test file only says how to make a fresh store and hands that
// factory to the suite, so it stays about twenty lines; behaviour shared by all
// backends is written once, here. Backend-specific checks (an injected clock,
// an unreachable server, URL parsing) stay in the backend's package.
//
// It is imported only by tests, yet it is an ordinary package so that every
// backend can reach it. It must depend on nothing but storage and the standard
// library: importing a backend or a test helper that opens one would create an
// import cycle the moment that backend runs the suite.
package conformance
