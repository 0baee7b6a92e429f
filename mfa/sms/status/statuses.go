package status

import "github.com/mijnaccount/mijnaccount/mfa/sms/ledger"

// twilioStatuses maps Twilio's MessageStatus of an outgoing message to the
// ledger's status.
var twilioStatuses = map[string]string{
	"accepted":    ledger.StatusAccepted,
	"scheduled":   ledger.StatusScheduled,
	"queued":      ledger.StatusQueued,
	"sending":     ledger.StatusSending,
	"sent":        ledger.StatusSent,
	"delivered":   ledger.StatusDelivered,
	"undelivered": ledger.StatusUndelivered,
	"failed":      ledger.StatusFailed,
	"canceled":    ledger.StatusCanceled,
	// A read receipt comes only for a message that was delivered.
	"read": ledger.StatusDelivered,
}

// Status maps Twilio's MessageStatus to a ledger status. ok is false for
// statuses of incoming messages (receiving, received) and for any status
// the ledger does not know.
func Status(twilioStatus string) (status string, ok bool) {
	status, ok = twilioStatuses[twilioStatus]
	return status, ok
}
