// Package ledger is the SMS usage record for billing: one Entry for every
// message a provider accepted, with the organisation it was sent for, the
// billing customer, the purpose, the number of segments and the delivery
// status the provider reports.
//
// It owns:
//   - Entry, Filter and the Store interface, with its validation rules and the
//     order in which a status may move (Rank);
//   - SQLStore, the Store on SQLite and PostgreSQL (table sms_ledger of
//     migration 0005_sms_ledger);
//   - the conformance suite in ledgertest that every Store must pass.
//
// It must not:
//   - keep phone numbers or message bodies (bodies hold one-time codes and
//     numbers are personal data): an entry names a message only by its
//     provider id;
//   - send messages, decide whether one may be sent, or resolve which
//     customer is billed for an organisation (callers do);
//   - price messages or build reports: tariffs and reports are built on top
//     of the sms_ledger table elsewhere.
package ledger
