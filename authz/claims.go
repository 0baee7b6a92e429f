package authz

import (
	"context"
	"slices"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
)

// Scopes the provider knows. offline_access gives a refresh token.
const (
	ScopeOpenID  = "openid"
	ScopeProfile = "profile"
	ScopeEmail   = "email"
	ScopeOrg     = "org"
	ScopeRoles   = "roles"
	ScopeOffline = "offline_access"
)

// SupportedScopes are advertised in discovery.
var SupportedScopes = []string{ScopeOpenID, ScopeProfile, ScopeEmail, ScopeOrg, ScopeRoles, ScopeOffline}

// Accounts is what the provider reads about users.
type Accounts interface {
	GetUser(ctx context.Context, id string) (account.User, error)
	GetOrg(ctx context.Context, id string) (account.Org, error)
	BillingCustomerOf(ctx context.Context, orgID string) (account.Org, error)
	UserRoles(ctx context.Context, userID string, at time.Time) ([]account.Role, error)
}

// Identity is everything claims are made from, read fresh for every token.
type Identity struct {
	User     account.User
	Org      account.Org
	Customer account.Org
	Roles    []string // names of the user's roles in the organisation's domain
}

// usable reports whether tokens may be issued for the identity now.
func (id Identity) usable(now time.Time) bool {
	u := id.User
	return u.Status == account.StatusActive && !u.PermanentlyLocked && !now.Before(u.LockedUntil)
}

// identity reads a user with organisation, billing customer and roles.
func identity(ctx context.Context, a Accounts, userID string, now time.Time) (Identity, error) {
	var id Identity
	var err error
	if id.User, err = a.GetUser(ctx, userID); err != nil {
		return id, err
	}
	if id.Org, err = a.GetOrg(ctx, id.User.OrgID); err != nil {
		return id, err
	}
	if id.Customer, err = a.BillingCustomerOf(ctx, id.Org.ID); err != nil {
		return id, err
	}
	roles, err := a.UserRoles(ctx, userID, now)
	if err != nil {
		return id, err
	}
	for _, r := range roles {
		if r.Domain == string(id.Org.Domain) {
			id.Roles = append(id.Roles, r.Name)
		}
	}
	slices.Sort(id.Roles)
	return id, nil
}

// claims returns the identity claims granted scopes allow: the same set
// goes into the ID token, the access token and userinfo.
func (id Identity) claims(scopes []string) map[string]any {
	c := map[string]any{}
	has := func(s string) bool { return slices.Contains(scopes, s) }
	if has(ScopeProfile) {
		c["name"] = id.User.Name
	}
	if has(ScopeEmail) {
		c["email"] = id.User.Email
		// True only once the user followed a link mailed to the address:
		// the invitation, a password reset or a confirmation link.
		c["email_verified"] = id.User.EmailVerified()
	}
	if has(ScopeOrg) {
		c["org"] = id.Org.ID
		c["org_name"] = id.Org.Name
		c["customer"] = id.Customer.ID
		c["domain"] = string(id.Org.Domain)
	}
	if has(ScopeRoles) {
		roles := id.Roles
		if roles == nil {
			roles = []string{}
		}
		c["roles"] = roles
	}
	return c
}
