package account

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mijnaccount/mijnaccount/account/session"
)

// Org is an organisation: a customer, or a sub-customer in the billing tree.
type Org struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Domain   Domain `json:"domain"`
	ParentID string `json:"parent_id"` // "" for a top-level organisation
	// BillingCustomer marks the organisation that is billed for itself and the
	// sub-organisations below it that are not billing customers themselves.
	BillingCustomer bool `json:"billing_customer"`
	// AllowedFactors is a non-empty subset of Factors.
	AllowedFactors         []string `json:"allowed_factors"`
	PasswordMinLength      int      `json:"password_min_length"`
	PasswordRequireClasses bool     `json:"password_require_classes"`
	// SessionIdle and SessionAbsolute end a session after inactivity and in
	// any case; StayLoggedIn is the absolute lifetime when the user asks to
	// stay logged in (the idle timeout stays SessionIdle). Every session
	// carries acr aal2, so each is bounded by the AAL2 limits: idle at most
	// MaxSessionIdle, the others at most MaxSessionAbsolute.
	SessionIdle     time.Duration `json:"session_idle"`
	SessionAbsolute time.Duration `json:"session_absolute"`
	StayLoggedIn    time.Duration `json:"stay_logged_in"`
	// IPAllowList holds CIDR prefixes; empty allows every address.
	IPAllowList []string `json:"ip_allow_list"`
	// FourEyesFactorReset makes every helpdesk or org-admin action that
	// removes, replaces or redirects a user's second factor (reset, remove
	// one, a temporary or changed phone number, the own number back) wait
	// until a second helpdesk user, not the one who asked, approves it.
	FourEyesFactorReset bool      `json:"four_eyes_factor_reset"`
	CreatedAt           time.Time `json:"created_at"`
}

// Defaults of an organisation's policies, applied by WithDefaults.
const (
	DefaultPasswordMinLength = 10
	DefaultSessionIdle       = session.DefaultIdle         // 30 minutes
	DefaultSessionAbsolute   = session.DefaultAbsolute     // 12 hours
	DefaultStayLoggedIn      = session.DefaultStayLoggedIn // 12 hours
)

// Bounds on an organisation's policies.
const (
	MaxOrgName           = 200
	MinPasswordMinLength = 8
	MaxPasswordMinLength = 128
	MinSessionIdle       = time.Minute
	// The AAL2 limits (NIST SP 800-63B-4 Sec. 2.2.3, see package session):
	// re-authentication at least every 24 hours, and after at most one hour
	// of inactivity. "Stay logged in" gets no exception.
	MaxSessionIdle     = session.MaxIdle     // 1 hour
	MaxSessionAbsolute = session.MaxAbsolute // 24 hours
	MaxStayLoggedIn    = session.MaxAbsolute // 24 hours
)

// WithDefaults returns o with every unset policy set to its default.
func (o Org) WithDefaults() Org {
	if len(o.AllowedFactors) == 0 {
		o.AllowedFactors = Factors()
	}
	if o.PasswordMinLength == 0 {
		o.PasswordMinLength = DefaultPasswordMinLength
	}
	if o.SessionIdle == 0 {
		o.SessionIdle = DefaultSessionIdle
	}
	if o.SessionAbsolute == 0 {
		o.SessionAbsolute = DefaultSessionAbsolute
	}
	if o.StayLoggedIn == 0 {
		o.StayLoggedIn = DefaultStayLoggedIn
	}
	return o
}

// ValidateOrg checks an organisation's own fields (not whether its parent
// exists: the store does that). All problems are reported, joined; each is a
// *ValidationError.
func ValidateOrg(o Org) error {
	var errs []error
	add := func(field, format string, args ...any) {
		errs = append(errs, invalid(field, fmt.Sprintf(format, args...)))
	}
	if o.ID != "" && !validID(o.ID) {
		add("id", "%q must be 1-64 characters a-z, 0-9, '-' or '_'", o.ID)
	}
	name := strings.TrimSpace(o.Name)
	switch {
	case name == "":
		add("name", "an organisation needs a name")
	case utf8.RuneCountInString(o.Name) > MaxOrgName:
		add("name", "longer than %d characters", MaxOrgName)
	case name != o.Name:
		add("name", "%q has leading or trailing spaces", o.Name)
	}
	if !o.Domain.Valid() {
		add("domain", "%q is not a domain (want one of %s)", o.Domain, domainList())
	}
	if o.ParentID != "" && o.ParentID == o.ID {
		add("parent_id", "an organisation cannot be its own parent")
	}
	if len(o.AllowedFactors) == 0 {
		add("allowed_factors", "at least one factor must be allowed (from %s)", strings.Join(Factors(), ", "))
	}
	for i, f := range o.AllowedFactors {
		if !knownFactor(f) {
			add("allowed_factors", "unknown factor %q (want %s)", f, strings.Join(Factors(), ", "))
		} else if slices.Index(o.AllowedFactors, f) != i {
			add("allowed_factors", "factor %q is listed twice", f)
		}
	}
	if o.PasswordMinLength < MinPasswordMinLength || o.PasswordMinLength > MaxPasswordMinLength {
		add("password_min_length", "%d is not between %d and %d", o.PasswordMinLength, MinPasswordMinLength, MaxPasswordMinLength)
	}
	const aal2 = "sessions carry acr aal2 (NIST SP 800-63B-4 Sec. 2.2.3)"
	switch {
	case o.SessionIdle < MinSessionIdle:
		add("session_idle", "%s is shorter than %s", o.SessionIdle, MinSessionIdle)
	case o.SessionIdle > MaxSessionIdle:
		add("session_idle", "%s is longer than %s: %s", o.SessionIdle, MaxSessionIdle, aal2)
	}
	switch {
	case o.SessionAbsolute > MaxSessionAbsolute:
		add("session_absolute", "%s is longer than %s: %s", o.SessionAbsolute, MaxSessionAbsolute, aal2)
	case o.SessionAbsolute < o.SessionIdle:
		add("session_absolute", "%s is shorter than session_idle %s", o.SessionAbsolute, o.SessionIdle)
	}
	switch {
	case o.StayLoggedIn < 0:
		add("stay_logged_in", "%s is negative", o.StayLoggedIn)
	case o.StayLoggedIn > MaxStayLoggedIn:
		add("stay_logged_in", "%s is longer than %s: %s, also when the user stays logged in", o.StayLoggedIn, MaxStayLoggedIn, aal2)
	}
	for _, c := range o.IPAllowList {
		if err := checkCIDR(c); err != nil {
			add("ip_allow_list", "%v", err)
		}
	}
	return errors.Join(errs...)
}

func checkCIDR(c string) error {
	p, err := netip.ParsePrefix(c)
	if err != nil {
		if a, aerr := netip.ParseAddr(c); aerr == nil {
			return fmt.Errorf("%q is an address, not a CIDR prefix (write %s)", c, netip.PrefixFrom(a, a.BitLen()))
		}
		return fmt.Errorf("%q is not a CIDR prefix such as 192.0.2.0/24", c)
	}
	if p != p.Masked() {
		return fmt.Errorf("%q has bits set after the prefix length (did you mean %s?)", c, p.Masked())
	}
	return nil
}

// IPAllowed reports whether ip may use the organisation: always when the
// allow-list is empty, otherwise only inside one of its prefixes. IPv4
// addresses mapped into IPv6 match IPv4 prefixes.
func (o Org) IPAllowed(ip netip.Addr) bool {
	if len(o.IPAllowList) == 0 {
		return true
	}
	if !ip.IsValid() {
		return false
	}
	ip = ip.Unmap()
	for _, c := range o.IPAllowList {
		if p, err := netip.ParsePrefix(c); err == nil && p.Contains(ip) {
			return true
		}
	}
	return false
}

// FactorAllowed reports whether the organisation allows factor f.
func (o Org) FactorAllowed(f string) bool { return slices.Contains(o.AllowedFactors, f) }

// validID accepts ids made by storage.NewID and readable ids chosen by
// operators or seed data.
func validID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
