package account

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Status is where a user stands.
type Status string

// The statuses of a user.
const (
	StatusInvited Status = "invited" // created, invitation not yet accepted
	StatusActive  Status = "active"
	StatusBlocked Status = "blocked" // by an org admin or the helpdesk; cannot log in
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	return s == StatusInvited || s == StatusActive || s == StatusBlocked
}

// User is a person with a personal login in one organisation.
type User struct {
	ID        string `json:"id"`
	Email     string `json:"email"` // as given; unique case-insensitively (NormalizeEmail)
	Name      string `json:"name"`
	OrgID     string `json:"org_id"`
	BirthDate string `json:"birth_date,omitempty"` // YYYY-MM-DD or ""
	Status    Status `json:"status"`
	// PasswordHash is an argon2id PHC string, "" when no password is set. It
	// is never written out as JSON.
	PasswordHash       string `json:"-"`
	MustChangePassword bool   `json:"must_change_password"`
	// FailedLogins counts wrong passwords since the last full login; at
	// login.UntrustedLimit the password stops working from browsers without
	// a device cookie (never a lock only the helpdesk lifts).
	FailedLogins int `json:"failed_logins"`
	// FactorFailures counts wrong second-factor answers since the last full
	// login: only someone who knew the password gives them, so they alone
	// lead to the temporary lock (LockedUntil) and the permanent one.
	FactorFailures    int       `json:"factor_failures"`
	LockedUntil       time.Time `json:"locked_until"`
	PermanentlyLocked bool      `json:"permanently_locked"`
	LastFailedAt      time.Time `json:"last_failed_at"`
	LastLoginAt       time.Time `json:"last_login_at"`
	PasswordChangedAt time.Time `json:"password_changed_at"`
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`
	Lang              string    `json:"lang"` // "nl" or "en"
	// EmailVerifiedAt is when the user showed that mail to Email reaches
	// them, and EmailVerifiedBy how; both are empty while it is unproven.
	// Changing Email clears them (the store does).
	EmailVerifiedAt time.Time  `json:"email_verified_at,omitzero"`
	EmailVerifiedBy EmailProof `json:"email_verified_by,omitempty"`
}

// EmailProof is how a user proved their address: by following a link that
// was mailed to it and that only its reader could know.
type EmailProof string

// The proofs of an address.
const (
	EmailByInvitation   EmailProof = "invitation"     // accepted the invitation mailed to it
	EmailByReset        EmailProof = "password_reset" // set a password through a reset link mailed to it
	EmailByConfirmation EmailProof = "confirmation"   // followed the confirmation link mailed to it
)

// Valid reports whether p is a known proof.
func (p EmailProof) Valid() bool {
	return p == EmailByInvitation || p == EmailByReset || p == EmailByConfirmation
}

// EmailVerified reports whether the user's address was proven. It is the
// email_verified claim.
func (u User) EmailVerified() bool { return !u.EmailVerifiedAt.IsZero() && u.EmailVerifiedBy.Valid() }

// WithEmailVerified returns u with its address proven by p at t.
func (u User) WithEmailVerified(p EmailProof, t time.Time) User {
	u.EmailVerifiedAt, u.EmailVerifiedBy = t.UTC(), p
	return u
}

// Languages users can choose; the first is the default.
var Languages = []string{"nl", "en"}

// Bounds on a user's fields.
const (
	MaxEmail    = 254
	MaxUserName = 200
)

// NormalizeEmail returns the form in which email addresses are compared:
// trimmed and lower-case.
func NormalizeEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// ValidateEmail checks that email is a bare address (no display name) of at
// most 254 characters whose domain contains a dot.
func ValidateEmail(email string) error {
	if email == "" {
		return invalid("email", "an email address is required")
	}
	if len(email) > MaxEmail {
		return invalid("email", fmt.Sprintf("longer than %d characters", MaxEmail))
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || addr.Name != "" {
		return invalid("email", fmt.Sprintf("%q is not an email address such as name@example.nl", email))
	}
	at := strings.LastIndexByte(email, '@')
	domain := email[at+1:]
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") {
		return invalid("email", fmt.Sprintf("%q has no valid domain such as example.nl", email))
	}
	return nil
}

// ValidateUser checks a user's own fields (not whether its organisation
// exists: the store does that). All problems are reported, joined; each is a
// *ValidationError.
func ValidateUser(u User) error {
	var errs []error
	add := func(field, format string, args ...any) {
		errs = append(errs, invalid(field, fmt.Sprintf(format, args...)))
	}
	if u.ID != "" && !validID(u.ID) {
		add("id", "%q must be 1-64 characters a-z, 0-9, '-' or '_'", u.ID)
	}
	if err := ValidateEmail(u.Email); err != nil {
		errs = append(errs, err)
	}
	name := strings.TrimSpace(u.Name)
	switch {
	case name == "":
		add("name", "a user needs a name")
	case utf8.RuneCountInString(u.Name) > MaxUserName:
		add("name", "longer than %d characters", MaxUserName)
	}
	if u.OrgID == "" {
		add("org_id", "a user belongs to an organisation")
	}
	if u.BirthDate != "" {
		if _, err := time.Parse(time.DateOnly, u.BirthDate); err != nil {
			add("birth_date", "%q is not a date written YYYY-MM-DD", u.BirthDate)
		}
	}
	if !u.Status.Valid() {
		add("status", "%q is not invited, active or blocked", u.Status)
	}
	if u.EmailVerifiedBy != "" && !u.EmailVerifiedBy.Valid() {
		add("email_verified_by", "%q is not invitation, password_reset or confirmation", u.EmailVerifiedBy)
	}
	if u.EmailVerifiedAt.IsZero() != (u.EmailVerifiedBy == "") {
		add("email_verified_at", "a verified address needs both the time and the proof")
	}
	if u.FailedLogins < 0 {
		add("failed_logins", "cannot be negative")
	}
	if u.FactorFailures < 0 {
		add("factor_failures", "cannot be negative")
	}
	if u.Lang != Languages[0] && u.Lang != Languages[1] {
		add("lang", "%q is not one of %s", u.Lang, strings.Join(Languages, ", "))
	}
	return errors.Join(errs...)
}
