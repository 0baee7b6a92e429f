// Package billing prices the SMS messages sent for second-factor logins and
// reports them to the organisations that pay for them.
//
// It owns, on top of the SMS ledger (tables sms_ledger and sms_status_events,
// written by the SMS sender) and in the tables of migration 0010_sms_tariffs:
//   - tariffs: a default and per-customer overrides in euro cents per
//     segment, each from the first day of a month, entered at least
//     NoticePeriodMonths (default 2) calendar months ahead; entering one
//     queues a Notice for the customers it changes; TariffAt gives the
//     tariff a sender stores on each ledger row;
//   - reports: per billing customer, organisation and purpose, for a billing
//     month or a date range, as Go values (encoding/json ready) and CSV,
//     and monthly totals for charts;
//   - month close: frozen per-customer statements with a SHA-256 over their
//     lines, and adjustments for status reports that arrive after a close;
//   - budgets: an optional monthly budget per customer, with a warning at
//     80% once per month and, when chosen, a stop at 100% (Allow).
//
// # What is billed
//
// Every message the provider accepted is billed: each row of sms_ledger,
// whatever its delivery outcome. Its amount is segments × tariff_cents of that
// row, the tariff in force when it was sent; amounts are int64 euro cents
// everywhere and never floats. A row is billed in its billing_month, the
// calendar month in Europe/Amsterdam in which it was sent, and to its
// customer_id, the billing customer recorded when it was sent (the nearest
// organisation upwards marked as billing customer, else the top of the
// tree); later moves in the organisation tree do not move old messages.
//
// Delivery outcomes are counted, not billed. A message's outcome is the
// first final status (delivered, undelivered, failed, canceled) among its
// initial ledger status and its status events, by received_at (ties by
// name); once final it never changes, so events arriving out of order do
// not undo it. Delivered counts "delivered", Failed counts "undelivered" and
// "failed".
//
// # Closing a month
//
// Close freezes one Statement per customer once the month has ended; the
// status events received up to the close count in it. Closing a closed month
// returns ErrClosed (it is not idempotent: Statements reads what was
// frozen). Reports of a closed month are read from its statements and say
// Closed. A message of the closed month that had no outcome at the close and
// gets one later counts as an adjustment (a delivered or failed count, no
// amount) in the month that outcome is received in, which is still open.
//
// # Performance
//
// All aggregation runs in SQL: the ledger rows are found through the
// indexes of sms_ledger ((billing_month, customer_id) for months;
// (customer_id, created_at) or (created_at) for date ranges), each row's
// outcome through one lookup in the unique index of sms_status_events, and
// the rows are summed by the database; Go only orders and names the
// aggregated lines. The cost of an open month's report grows with the
// messages it covers, not with the history kept; a closed month's report
// reads its statements.
//
// It must not send mail (callers mail PendingNotices and BudgetWarnings and
// mark them), serve HTTP or write the ledger.
package billing
