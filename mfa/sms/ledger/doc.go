// Package ledger is the SMS usage record for billing: one Entry for every
// message a provider accepted, with the organisation it was sent for, the
// billing customer, the purpose, the number of segments, the country prefix
// of the number, the tariff applied and the billing month, and beside it the
// delivery status reports the provider sends later.
//
// It owns:
//   - Entry, StatusEvent, Filter and the Store interface, with their
//     validation rules and the order in which a status may move (Rank);
//   - the billing facts fixed at recording: MonthOf (the calendar month in
//     Europe/Amsterdam; the zone data is built in) and CountryPrefix (the
//     country calling code of an E.164 number);
//   - SQLStore, the Store on SQLite and PostgreSQL (table sms_ledger of
//     migrations 0005_sms_ledger and 0009_sms_billing, and table
//     sms_status_events);
//   - the conformance suite in ledgertest that every Store must pass.
//
// Decisions:
//   - A recorded entry is an immutable fact: no column of sms_ledger changes
//     after the insert, so a bill built from it can always be rebuilt. A
//     provider id is recorded once; recording it again is ErrAlreadyExists
//     and leaves the first entry as it was.
//   - Status reports are appended to sms_status_events, one row per message
//     and status: a repeated report is dropped (RecordStatus says changed is
//     false). A report for a message that is not recorded is ErrNotFound and
//     is not kept.
//   - The current status of a message is the highest-ranked of the status it
//     was recorded with and its reports; among equals the recorded status,
//     then the earliest received report, then the first by name. Reports may
//     arrive in any order: a late "sent" leaves a message "delivered", and
//     the first final status stays.
//
// It must not:
//   - keep phone numbers or message bodies (bodies hold one-time codes and
//     numbers are personal data): an entry names a message only by its
//     provider id and its number only by the country prefix;
//   - send messages, decide whether one may be sent, or resolve which
//     customer is billed for an organisation or at what tariff (callers do);
//   - decide what is billable (which statuses are charged, whether the
//     provider's segment count in a report replaces the recorded one) or
//     build reports: billing does that on top of the sms_ledger and
//     sms_status_events tables.
package ledger
