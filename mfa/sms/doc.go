// Package sms sends text messages for the SMS second factor and for phone
// verification.
//
// It owns:
//   - the Sender interface and its two implementations: Twilio (Programmable
//     Messaging through the real twilio-go client) and Outbox (development:
//     JSON lines in data/outbox/sms.jsonl);
//   - ProviderError, which sorts a provider's answer into a small set of Kinds
//     so callers can show the user a clear message and log the provider code;
//   - phone number handling: ParsePhone (normalise to E.164, then
//     CheckPhone), CheckPhone (an allowed country prefix and CheckMobile),
//     CheckMobile (a valid number of type mobile by libphonenumber's
//     metadata, github.com/nyaruka/phonenumbers) and Mask (for display);
//   - Segments, the number of SMS parts a body costs.
//
// It must not:
//   - log or put into an error string a phone number or a message body
//     (bodies hold one-time codes; numbers are personal data);
//   - decide whether a message may be sent: limits against SMS pumping, codes,
//     cooldowns and the usage ledger live with the callers (mfa/sms codes and
//     ledger), not here;
//   - retry on its own: a retry can cost the customer a second message.
package sms
