// Package rediskv is the Redis storage.KV used in production: shared by every
// instance, so login flows, ceremonies, rate limits and sessions work whichever
// instance a request reaches.
//
// Every key is written under the store's prefix. Operations that must be
// atomic (single-use take, compare-and-delete, counters whose window is fixed
// at the first hit, set and sorted-set add with expiry) are one Redis command
// or one Lua script, never a read followed by a write from Go.
//
// It fails closed: only a Redis "nil" reply becomes storage.ErrNotFound; a
// connection or server error is returned as an error, so a down Redis can never
// look like a missing (or unused) code, token or counter. It must not know what
// its keys mean.
package rediskv
