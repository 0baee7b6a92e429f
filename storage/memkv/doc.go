// Package memkv is the in-memory storage.KV: one process, no persistence, the
// embedded default for development and single-instance deployments.
//
// It owns a map guarded by one mutex. Expired entries are invisible from the
// moment their deadline passes (lazy expiry on every access) and are removed
// by a sweep that runs on writes, so memory stays bounded by the live keys.
// The clock is injected so expiry can be tested without sleeping.
//
// It must not be used when several instances share state (use rediskv), and it
// must not know what its keys mean.
package memkv
