// Package bsn owns the citizen service number (burgerservicenummer, BSN) as
// the absence application handles it: the eleven test that checks a typed
// number, the masked form shown on pages, sealing it at rest under the row it
// belongs to, and the keyed index that lets an employer look an employee up
// by BSN without decrypting any row.
//
// # The index
//
// Index is HMAC-SHA256 under a key of its own (ABSENCE_BSN_INDEX_KEY, or a
// file generated beside the audit IP key) over the employer's id and the
// number. It is not derived from the secrets keyring on purpose: the keyring
// rotates (a new current key, old keys kept for opening), and an index tied
// to the current key would silently stop matching after a rotation. The
// index key is stable; changing it means recomputing every index, which
// `absence org bsn --id ORG --allowed` does per employer. The employer id in
// the message makes the same person at two employers get two unrelated
// values, so the column cannot link employers' records.
//
// It must not store anything, read configuration or decide who may see a
// BSN: the store keeps the sealed value and the index, the web handlers apply
// the organisation's bsn_allowed flag and audit every view and search.
package bsn
