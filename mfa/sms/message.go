package sms

import "context"

// Purposes a message can be sent for. They end up in the usage ledger.
const (
	PurposeLogin       = "login"
	PurposeEnrol       = "enrol"
	PurposePhoneChange = "phone-change"
)

// Message is one text message to one recipient.
type Message struct {
	To      string // E.164, e.g. +31612345678; see ParsePhone
	Body    string
	Purpose string // PurposeLogin, PurposeEnrol or PurposePhoneChange
	OrgID   string // the organisation that is billed
}

// Result is what the provider said about an accepted message.
type Result struct {
	ProviderID string // Twilio message SID ("SM…") or "outbox-…"
	Segments   int    // parts billed; our own count when the provider did not say yet
	Status     string // as the provider said: queued, accepted, sent, …
}

// Sender sends one message. Implementations never log the number or the body.
// A returned error from a provider is a *ProviderError.
type Sender interface {
	Send(ctx context.Context, m Message) (Result, error)
}

func validPurpose(p string) bool {
	switch p {
	case PurposeLogin, PurposeEnrol, PurposePhoneChange:
		return true
	}
	return false
}
