package account

import (
	"context"
	"time"
)

// Store keeps organisations, roles and users. Values are plain structs;
// updates are compare-and-swap closures run inside one transaction: fn gets
// the stored value, and what it returns is validated and stored unless fn
// returns an error, which aborts the update and is returned as is.
//
// Errors: ErrNotFound for a missing target, ErrAlreadyExists for a taken id or
// email address, ErrInvalid (a *ValidationError, possibly joined with others)
// for values that fail validation or refer to missing things, ErrCrossDomain
// for a domain role given to a user of another domain.
type Store interface {
	OrgStore
	RoleStore
	UserStore
}

// OrgStore keeps the organisation tree.
type OrgStore interface {
	// CreateOrg applies WithDefaults, gives the org an id (storage.NewID)
	// when it has none, sets CreatedAt, validates it and checks that its
	// parent exists. It returns the stored org.
	CreateOrg(ctx context.Context, o Org) (Org, error)
	GetOrg(ctx context.Context, id string) (Org, error)
	// ListOrgs returns every organisation, ordered by name.
	ListOrgs(ctx context.Context) ([]Org, error)
	// UpdateOrg changes an org. ID and CreatedAt cannot change; a new parent
	// must exist and must not lie below the org (no cycles); the domain
	// cannot change while users of the org hold roles of the old domain.
	UpdateOrg(ctx context.Context, id string, fn func(Org) (Org, error)) (Org, error)
	// BillingCustomerOf returns the nearest organisation from orgID upwards
	// (orgID itself first) marked BillingCustomer, or the top of its tree
	// when none is.
	BillingCustomerOf(ctx context.Context, orgID string) (Org, error)
	// Descendants returns the ids of every organisation below orgID (not
	// orgID itself), sorted.
	Descendants(ctx context.Context, orgID string) ([]string, error)
}

// RoleStore keeps roles. EnsureBuiltinRoles needs only this.
type RoleStore interface {
	// CreateRole validates and stores a role (ValidateRole); an empty ID
	// becomes Domain/Name.
	CreateRole(ctx context.Context, r Role) error
	GetRole(ctx context.Context, id string) (Role, error)
	// ListRoles returns every role, ordered by id.
	ListRoles(ctx context.Context) ([]Role, error)
	// UpdateRole changes a role's rights (and Builtin); its id, name and
	// domain cannot change.
	UpdateRole(ctx context.Context, id string, fn func(Role) (Role, error)) (Role, error)
}

// UserStore keeps users and the roles they hold.
type UserStore interface {
	// CreateUser stores a new user with the given roles (held from now on,
	// without end) in one step: on any error nothing is stored. An empty
	// Status becomes StatusInvited and an empty Lang "nl"; ID is made when
	// empty; CreatedAt and UpdatedAt are set.
	CreateUser(ctx context.Context, u User, roleIDs []string) (User, error)
	GetUser(ctx context.Context, id string) (User, error)
	// GetUserByEmail finds a user by email address, case-insensitively.
	GetUserByEmail(ctx context.Context, email string) (User, error)
	// ListUsers returns the users of an organisation, ordered by email.
	ListUsers(ctx context.Context, orgID string) ([]User, error)
	// UpdateUser changes a user. ID and CreatedAt cannot change; UpdatedAt is
	// set. Moving the user to an org of another domain is refused while the
	// user holds roles of the old domain.
	UpdateUser(ctx context.Context, id string, fn func(User) (User, error)) (User, error)

	// AssignRole gives a user a role from starts until ends (either zero for
	// unbounded), recording who granted it. A domain role is refused for a
	// user of an organisation in another domain (ErrCrossDomain). The same
	// role with the same start is ErrAlreadyExists.
	AssignRole(ctx context.Context, userID, roleID string, starts, ends time.Time, grantedBy string) error
	// RevokeRole removes every grant of the role to the user; ErrNotFound when
	// the user holds none.
	RevokeRole(ctx context.Context, userID, roleID string) error
	// UserRoles returns the roles the user holds at the given time
	// (starts <= at < ends), each once, ordered by id.
	UserRoles(ctx context.Context, userID string, at time.Time) ([]Role, error)
}
