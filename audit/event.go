package audit

import (
	"errors"
	"fmt"
	"net/netip"
	"regexp"
	"time"
)

// Outcome says how an audited action ended.
type Outcome string

// The outcomes an event may have.
const (
	OutcomeSuccess Outcome = "success" // the action was carried out
	OutcomeFailure Outcome = "failure" // the action was attempted and failed (bad code, error)
	OutcomeDenied  Outcome = "denied"  // the actor was not allowed to do it
)

// Event is one entry of the audit trail. It holds ids only, never personal data.
//
// Seq, PrevHash and Hash are assigned by the store when the event is appended;
// values set by the caller are replaced.
type Event struct {
	Seq        int64     // position in the trail, 1, 2, 3 … without gaps
	Time       time.Time // when it happened; stored at microsecond precision, UTC
	ActorID    string    // who did it (account or client id); empty for anonymous
	Action     string    // what was done, e.g. "absence.view", "mfa.totp.verify"
	TargetType string    // kind of object acted on, e.g. "absence", "account"
	TargetID   string    // id of the object acted on
	OrgID      string    // organisation the target belongs to
	Outcome    Outcome   // success, failure or denied
	RequestID  string    // id of the request, to correlate with logs
	IPHash     string    // HashIP of the client address; never the address itself
	Reason     string    // a reference such as a ticket number, never free text
	PrevHash   string    // Hash of the previous event (GenesisHash for the first)
	Hash       string    // hex SHA-256 over PrevHash and all fields above
}

// MaxIDLength is the longest value an id field may hold.
const MaxIDLength = 80

var (
	idPattern     = regexp.MustCompile(`^[A-Za-z0-9._:-]{0,80}$`)
	actionPattern = regexp.MustCompile(`^[a-z][a-z0-9_.-]{1,63}$`)
	ipHashPattern = regexp.MustCompile(`^(?:[0-9a-f]{32})?$`)
)

// ErrInvalid is matched (errors.Is) by every validation error.
var ErrInvalid = errors.New("audit: invalid event")

// FieldError reports the field of an Event that failed validation. Its message
// never contains the refused value, which may be personal data.
type FieldError struct {
	Field   string // the snake_case name of the field, as in the export
	Problem string
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("audit: invalid event: %s %s", e.Field, e.Problem)
}

// Is makes errors.Is(err, ErrInvalid) true for a *FieldError.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// Validate checks that the event holds only ids and well-formed values. It
// returns a *FieldError for the first field that does not. The chain fields
// (Seq, PrevHash, Hash) are not checked: the store sets them.
func (e Event) Validate() error {
	if e.Time.IsZero() {
		return &FieldError{Field: "time", Problem: "must be set"}
	}
	if !actionPattern.MatchString(e.Action) {
		return &FieldError{Field: "action", Problem: "must match " + actionPattern.String()}
	}
	switch e.Outcome {
	case OutcomeSuccess, OutcomeFailure, OutcomeDenied:
	default:
		return &FieldError{Field: "outcome", Problem: "must be success, failure or denied"}
	}
	ids := []struct{ name, value string }{
		{"actor_id", e.ActorID},
		{"target_type", e.TargetType},
		{"target_id", e.TargetID},
		{"org_id", e.OrgID},
		{"request_id", e.RequestID},
		{"reason", e.Reason},
	}
	for _, f := range ids {
		if problem := checkID(f.value); problem != "" {
			return &FieldError{Field: f.name, Problem: problem}
		}
	}
	if !ipHashPattern.MatchString(e.IPHash) {
		return &FieldError{Field: "ip_hash", Problem: "must be empty or 32 lower-case hex characters from HashIP"}
	}
	return nil
}

// checkID returns why value is not acceptable as an id, or "" when it is.
// Besides the character set it refuses values that look like an IP address, and
// runs of eight or more digits (phone numbers, BSNs): ids are opaque strings
// and references carry a prefix, such as "INC-20240117".
func checkID(value string) string {
	if !idPattern.MatchString(value) {
		return "must be an id matching " + idPattern.String() + " (no names, email addresses, phone numbers or spaces)"
	}
	if value == "" {
		return ""
	}
	if _, err := netip.ParseAddr(value); err == nil {
		return "must not be an IP address (use HashIP for ip_hash)"
	}
	if onlyDigitsAndSeparators(value) && countDigits(value) >= 8 {
		return "must not be a number of eight or more digits (looks like a phone number or BSN)"
	}
	return ""
}

func onlyDigitsAndSeparators(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && c != '.' && c != '-' && c != ':' {
			return false
		}
	}
	return true
}

func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}
