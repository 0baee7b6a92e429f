// Package smsotp sends one-time codes by SMS and checks them, with the limits
// that keep SMS pumping (toll fraud through our sender) cheap to survive.
//
// It owns:
//   - Codes: Send, Verify and Status for codes bound to a binding such as
//     "login:<flow id>" or "enrol:<user id>";
//   - the limits on sending: a cooldown per binding, per account and per
//     phone number (one code per Cooldown whichever flow or account asks,
//     shared by every instance through the key-value store) and fixed-window
//     counts per user (hour and day), per organisation (day) and per client
//     IP (hour; IPv6 per /64), all checked before the provider is called;
//   - the records in the key-value store: the code only as
//     HMAC-SHA256(key, binding||code), its expiry, its tries counter and the
//     cooldowns, whose key names carry a hash of the binding and an HMAC of
//     the user id and of the number, never the ids or the number;
//   - checking every number again before a message goes out: codes only to
//     mobile numbers of the allowed countries (sms.CheckPhone), notices only
//     to mobile numbers (sms.CheckMobile); anything else is ErrNumberRefused
//     before a cooldown, limit, store write or provider call, logged with
//     ids and the kind of number only;
//   - the text of the message, in Dutch (default) or English;
//   - asking the billing customer's budget (Config.Budget) and tariff
//     (Config.Tariff) before a message is sent;
//   - writing one usage ledger entry for every message the provider accepted,
//     with the country prefix of the number, the tariff and the billing month.
//
// Decisions:
//   - Fail closed: every error of the key-value store is returned (wrapped
//     with %w), so when the store is down no code is sent and none accepted.
//   - A malformed code (not exactly six ASCII digits once surrounding spaces
//     are trimmed) is refused with ErrMalformed without counting a try: it
//     cannot match any code, so it tells an attacker nothing. Every
//     well-formed wrong code counts, and tries are counted before comparing.
//   - After MaxTries wrong codes the next attempt gets ErrTooManyTries and
//     the code's hash is removed; a marker stays until the code would have
//     expired so that later attempts keep getting ErrTooManyTries. Sending a
//     new code (subject to cooldown and limits) replaces the marker.
//   - Expiry and the cooldown are judged by Config.Now against times stored
//     in the records; the store's own TTLs only clean up.
//   - A send refused by the provider releases the cooldown and removes the
//     code, but still counts against the limits: numbers that fail are what
//     pumping looks like.
//   - A budget that refuses (an error wrapping ErrBudget) stops the send
//     after the limits were counted and before anything is stored or sent;
//     the cooldown is released, since the user is meant to fall back to
//     another factor (app, key or recovery code). A budget that cannot tell,
//     a tariff that cannot be looked up and a negative tariff refuse the send
//     too (fail closed): once a message is out its ledger entry must be
//     written as it is, so the tariff is looked up first. Without a Tariff
//     entries record 0 cents.
//   - When the provider accepted a message but the ledger write fails, Send
//     still succeeds (the message is on its way and the user needs the code)
//     and logs the entry at error level with everything needed to add it to
//     the ledger by hand.
//
// It must not:
//   - log or put in an error the code, the phone number or the message body;
//   - keep a code in clear anywhere;
//   - decide which phone number a user has, which factors an organisation
//     allows, which customer is billed, at what tariff or within what budget
//     (callers do), or retry a send.
package smsotp
