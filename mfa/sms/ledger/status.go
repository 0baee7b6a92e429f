package ledger

// Statuses a provider reports for an outgoing message, in the order Twilio
// moves through them. The outbox reports StatusSent at once.
const (
	StatusAccepted    = "accepted" // through a Messaging Service, before a sender is picked
	StatusScheduled   = "scheduled"
	StatusQueued      = "queued"
	StatusSending     = "sending"
	StatusSent        = "sent"
	StatusDelivered   = "delivered"
	StatusUndelivered = "undelivered"
	StatusFailed      = "failed"
	StatusCanceled    = "canceled"
)

// ranks orders the statuses. Final statuses share the highest rank, so once
// a message is delivered, undelivered, failed or canceled it stays that way.
var ranks = map[string]int{
	StatusAccepted:    1,
	StatusScheduled:   1,
	StatusQueued:      2,
	StatusSending:     3,
	StatusSent:        4,
	StatusDelivered:   5,
	StatusUndelivered: 5,
	StatusFailed:      5,
	StatusCanceled:    5,
}

// Rank is the position of status in a message's life: a status may only be
// replaced by one of a higher rank. Unknown statuses rank 0.
func Rank(status string) int { return ranks[status] }

// ValidStatus reports whether status is one the ledger knows.
func ValidStatus(status string) bool { return ranks[status] > 0 }

// Final reports whether status is the end of a message's life.
func Final(status string) bool { return ranks[status] == 5 }
