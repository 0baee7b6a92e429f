// Package audit owns the audit trail: the Event type and its validation, the
// keyed hash of client IP addresses, the hash chain that links events, the
// append-only SQL store, the Recorder that handlers call, and the JSON Lines
// export for auditors.
//
// Every action on personal data (create, change, delete and viewing) and every
// security event is recorded as an Event holding ids only: actor, action,
// target, organisation, outcome, time, request id, a keyed hash of the client
// IP and an optional reference (such as a ticket number). Names, email
// addresses, phone numbers, BSNs, codes and clear IP addresses must never be
// stored here; Event.Validate refuses values that do not look like opaque ids,
// and its errors name the field but never repeat the value.
//
// The trail lives in its own database (a separate DSN; by default a separate
// SQLite file) with its own migration set, Migrations. Reading it is for the
// auditor role only; this package does not check roles, its callers do.
//
// # Hash chain
//
// Each event carries the hash of the event before it (PrevHash; the first event
// has GenesisHash) and its own Hash = hex(SHA-256(encoding)), where the encoding
// is the length-prefixed PrevHash followed by every field of the event,
// including Seq and Time in Unix microseconds (see Event.ComputeHash). Verify
// walks the trail and reports the first event whose hash does not match its
// fields, whose PrevHash does not match the event before it, or whose sequence
// number skips (a removed row).
//
// The append-only triggers in the schema are a guard against mistakes and
// casual edits; the hash chain is the proof. Two limits follow from a chain
// without a secret: removing only the newest events leaves a shorter chain that
// is still intact, and someone able to write the table can rewrite every hash
// from a changed row onwards. Both are caught only by comparing against a
// record kept elsewhere: keep Report.LastSeq and Report.LastHash (or the
// exports) outside the audit database, and check that the stored event with
// that sequence number still has that hash.
//
// This package must not import the domain packages (accounts, factors, tokens);
// they call into it, never the other way round.
package audit
