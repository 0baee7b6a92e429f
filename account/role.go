package account

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
)

// Role is a named set of rights within one domain (or the platform).
type Role struct {
	ID      string   `json:"id"`     // Domain + "/" + Name, e.g. "werkgever/hr", "platform/org-admin"
	Name    string   `json:"name"`   // e.g. "hr"
	Domain  string   `json:"domain"` // a Domain, or PlatformDomain
	Rights  []string `json:"rights"`
	Builtin bool     `json:"builtin"` // defined by Mijn Account; kept in sync at start-up
}

var roleName = regexp.MustCompile(`^[a-z][a-z0-9-]{1,39}$`)

// RoleID returns the id of the role called name in domain (a Domain or
// PlatformDomain).
func RoleID(domain, name string) string { return domain + "/" + name }

// ValidateRole checks a role: its domain must be a Domain or PlatformDomain, its
// name short and lower-case, its id Domain/Name, and every right must lie
// within the maximum of its domain (platform rights only in platform roles).
// All problems are reported, joined; each is a *ValidationError.
func ValidateRole(r Role) error {
	var errs []error
	domainOK := false
	switch {
	case r.Domain == "":
		errs = append(errs, invalid("domain", fmt.Sprintf("role %q has no domain: a role without a domain grants nothing", r.Name)))
	case r.Domain != PlatformDomain && !Domain(r.Domain).Valid():
		errs = append(errs, invalid("domain", fmt.Sprintf("role %q has unknown domain %q (want one of %s, or %s): a role without a domain grants nothing",
			r.Name, r.Domain, domainList(), PlatformDomain)))
	default:
		domainOK = true
	}
	if !roleName.MatchString(r.Name) {
		errs = append(errs, invalid("name", fmt.Sprintf("role name %q must be 2-40 characters a-z, 0-9 or '-', starting with a letter", r.Name)))
	}
	if r.ID != RoleID(r.Domain, r.Name) {
		errs = append(errs, invalid("id", fmt.Sprintf("role id %q must be %q (domain/name)", r.ID, RoleID(r.Domain, r.Name))))
	}
	if !domainOK {
		return errors.Join(errs...)
	}
	maximum := roleMaximum(r.Domain)
	seen := map[string]bool{}
	for _, right := range r.Rights {
		switch {
		case seen[right]:
			errs = append(errs, invalid("rights", fmt.Sprintf("right %q is listed twice", right)))
		case slices.Contains(maximum, right):
		case r.Domain == PlatformDomain && IsAppRight(right):
			errs = append(errs, invalid("rights", fmt.Sprintf("right %q belongs to the absence application and cannot be in a platform role", right)))
		case r.Domain != PlatformDomain && IsPlatformRight(right):
			errs = append(errs, invalid("rights", fmt.Sprintf("right %q is a platform right and cannot be in a role of domain %s", right, r.Domain)))
		case IsAppRight(right):
			errs = append(errs, invalid("rights", fmt.Sprintf("right %q is outside the maximum of domain %s", right, r.Domain)))
		default:
			errs = append(errs, invalid("rights", fmt.Sprintf("unknown right %q", right)))
		}
		seen[right] = true
	}
	return errors.Join(errs...)
}

// CanAssign reports whether role may be given to a user of an organisation
// in domain d: platform roles always, domain roles only within their own
// domain (ErrCrossDomain otherwise).
func CanAssign(role Role, d Domain) error {
	if role.Domain == PlatformDomain || role.Domain == string(d) {
		return nil
	}
	return &ValidationError{Field: "role", Err: ErrCrossDomain, Problem: fmt.Sprintf(
		"role %s belongs to domain %s and cannot be given to a user of an organisation in domain %s; roles never cross domains",
		role.ID, role.Domain, d)}
}
