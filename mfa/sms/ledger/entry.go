package ledger

import (
	"context"
	"errors"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/sms"
	"github.com/mijnaccount/mijnaccount/storage"
)

// Providers an entry may name.
const (
	ProviderTwilio = "twilio"
	ProviderOutbox = "outbox"
)

// Entry is one message a provider accepted. Everything but Status and
// UpdatedAt is fixed when it is recorded and never changes afterwards.
type Entry struct {
	ID         string // storage.NewID(); Record fills it in when empty
	OrgID      string // organisation the message was sent for
	CustomerID string // billing customer (the org itself or the ancestor that is billed)
	Purpose    string // sms.PurposeLogin, sms.PurposeEnrol or sms.PurposePhoneChange
	Segments   int    // parts billed, >= 1
	Provider   string // ProviderTwilio or ProviderOutbox
	ProviderID string // Twilio SID "SM…" or outbox id; unique per provider
	// Status is, when recording, what the provider said on accepting the
	// message (queued, accepted, sent, …). List returns the current status:
	// the highest-ranked (see Rank) of that one and the status events.
	Status string
	// CountryPrefix is the country calling code of the number, e.g. "+31"
	// (see CountryPrefix). Required.
	CountryPrefix string
	// TariffCents is the tariff applied, in euro cents per segment, >= 0.
	TariffCents int64
	// BillingMonth is the calendar month the message is billed in, "YYYY-MM"
	// in Europe/Amsterdam; Record computes it from CreatedAt when empty (see
	// MonthOf).
	BillingMonth string
	CreatedAt    time.Time
	// UpdatedAt is, when recording, the time of the status the message was
	// recorded with. List returns when the current status was reported (never
	// before the recorded UpdatedAt).
	UpdatedAt time.Time
}

// StatusEvent is what a provider later reported about a message.
type StatusEvent struct {
	Provider   string    // ProviderTwilio or ProviderOutbox
	ProviderID string    // the provider id of a recorded message
	Status     string    // a status the ledger knows (see ValidStatus)
	Segments   int       // parts as the provider counted them; 0: not reported
	ErrorCode  int       // the provider's error code; 0: none
	ReceivedAt time.Time // zero: the store's current time
}

// Filter selects entries for List. Empty fields do not filter.
type Filter struct {
	CustomerID string
	OrgID      string
	From       time.Time // CreatedAt >= From; zero: no lower bound
	To         time.Time // CreatedAt < To; zero: no upper bound
	Limit      int       // at most this many entries; 0: all
}

// Store keeps the ledger. Recorded entries are never changed; status
// reports are kept beside them.
type Store interface {
	// Record stores a new entry. Invalid input gives an error that is
	// ErrInvalid and names every problem; an id or a provider id that is
	// already recorded gives ErrAlreadyExists and leaves the first entry as
	// it was. Nothing is stored on error. A zero CreatedAt is the store's
	// current time; a zero UpdatedAt is CreatedAt; an empty BillingMonth is
	// MonthOf(CreatedAt).
	Record(ctx context.Context, e Entry) error
	// RecordStatus stores what the provider reported about a recorded
	// message. changed is false when the message already has an event with
	// this status (a repeated report); the first one is kept. Reports may
	// come in any order: the current status is the highest-ranked one (see
	// Rank), so a late "sent" leaves a message "delivered". It returns
	// ErrNotFound for a message that is not recorded and ErrInvalid for an
	// unknown status or provider; nothing is stored then.
	RecordStatus(ctx context.Context, ev StatusEvent) (changed bool, err error)
	// Status returns the current status of a message, or ErrNotFound.
	Status(ctx context.Context, provider, providerID string) (string, error)
	// List returns the entries matching f, oldest first, each with its
	// current status.
	List(ctx context.Context, f Filter) ([]Entry, error)
}

// Sentinel errors of the store. Check them with errors.Is.
var (
	ErrNotFound      = storage.NewNotFound("ledger: entry not found")
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
