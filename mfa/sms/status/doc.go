// Package status receives delivery status reports for sent SMS: Handler
// serves Twilio's status callbacks (mounted at /webhooks/twilio/status) and
// stores each report beside the message's usage ledger entry.
//
// It owns:
//   - checking the X-Twilio-Signature of every callback with twilio-go's
//     request validator, over the public URL configured at Twilio and all
//     POST parameters;
//   - mapping Twilio's MessageStatus to the ledger's statuses (Status);
//   - the answers Twilio gets: 200 for a report that is stored, repeated or
//     about a message the ledger does not know (so Twilio stops sending it),
//     400 for a report that cannot be understood, 403 for a missing or bad
//     signature, 503 when the ledger cannot store it (Twilio may retry).
//
// Decisions:
//   - Nothing is read or stored before the signature is checked. A request
//     without a valid signature changes nothing and is logged as one warning
//     line without its parameters.
//   - Only POST parameters count; query parameters added to the request
//     are not signed by Twilio for this URL and are ignored.
//   - A "read" report (a read receipt) counts as delivered. Inbound statuses
//     (receiving, received) and statuses the ledger does not know are
//     refused with 400.
//   - Repeated and out-of-order reports are the ledger's to sort out (see
//     ledger.Store.RecordStatus): the handler answers 200 for both.
//
// It must not:
//   - log request parameters: they hold the recipient's number;
//   - change ledger entries or decide what is billed;
//   - trust the request's own URL or Host, which differ behind a proxy: the
//     signature is computed over Handler.PublicURL.
package status
