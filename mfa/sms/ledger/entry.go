package ledger

import (
	"context"
	"errors"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/sms"
)

// Providers an entry may name.
const (
	ProviderTwilio = "twilio"
	ProviderOutbox = "outbox"
)

// Entry is one message a provider accepted.
type Entry struct {
	ID         string // storage.NewID(); Record fills it in when empty
	OrgID      string // organisation the message was sent for
	CustomerID string // billing customer (the org itself or the ancestor that is billed)
	Purpose    string // sms.PurposeLogin, sms.PurposeEnrol or sms.PurposePhoneChange
	Segments   int    // parts billed, >= 1
	Provider   string // ProviderTwilio or ProviderOutbox
	ProviderID string // Twilio SID "SM…" or outbox id; unique per provider
	Status     string // as the provider says: queued, accepted, sent, delivered, …
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Filter selects entries for List. Empty fields do not filter.
type Filter struct {
	CustomerID string
	OrgID      string
	From       time.Time // CreatedAt >= From; zero: no lower bound
	To         time.Time // CreatedAt < To; zero: no upper bound
	Limit      int       // at most this many entries; 0: all
}

// Store keeps the ledger.
type Store interface {
	// Record stores a new entry. Invalid input gives an error that is
	// ErrInvalid and names every problem; an id or a provider id that is
	// already recorded gives ErrAlreadyExists. Nothing is stored on error.
	// A zero CreatedAt is the store's current time; a zero UpdatedAt is
	// CreatedAt.
	Record(ctx context.Context, e Entry) error
	// UpdateStatus records what the provider later said about a message.
	// The status only moves forward (see Rank): a late "sent" never
	// overwrites "delivered", and such an update is ignored without error.
	// segments 0 keeps the stored count. It returns ErrNotFound for an
	// unknown provider id and ErrInvalid for an unknown status.
	UpdateStatus(ctx context.Context, provider, providerID, status string, segments int, at time.Time) error
	// List returns the entries matching f, oldest first.
	List(ctx context.Context, f Filter) ([]Entry, error)
}

// Sentinel errors of the store. Check them with errors.Is.
var (
	ErrNotFound      = errors.New("ledger: entry not found")
	ErrAlreadyExists = errors.New("ledger: entry already recorded")
	ErrInvalid       = errors.New("ledger: invalid entry")
)

// ValidPurpose reports whether p is a purpose an entry may have.
func ValidPurpose(p string) bool {
	switch p {
	case sms.PurposeLogin, sms.PurposeEnrol, sms.PurposePhoneChange:
		return true
	}
	return false
}

// ValidProvider reports whether p is a provider an entry may name.
func ValidProvider(p string) bool { return p == ProviderTwilio || p == ProviderOutbox }
