// Package app assembles Mijn Account from its packages for one configuration:
// it opens the databases and the key-value store, applies migrations, builds
// the HTTP server and mounts every domain's handlers. cmd/mijnaccount only
// parses flags and calls it; tests use it to run the whole product in-process.
//
// It holds no behaviour of its own beyond wiring and start-up order.
package app
