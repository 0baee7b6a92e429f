package account

import (
	"context"
	"time"
)

// StandIn is a temporary role one user gave a colleague (vervanging): the
// colleague holds the role only between Starts and Ends.
type StandIn struct {
	UserID    string // the colleague who holds the role
	RoleID    string
	Starts    time.Time
	Ends      time.Time
	GrantedBy string
	GrantedAt time.Time
}

// StandIns lists temporary roles. A stand-in is a role grant with an end;
// it is made with AssignRole.
type StandIns interface {
	// StandInsOf returns the temporary roles the user holds or will hold
	// (not yet ended at now), soonest first.
	StandInsOf(ctx context.Context, userID string, now time.Time) ([]StandIn, error)
	// StandInsGivenBy returns the temporary roles the user gave that have not
	// ended at now.
	StandInsGivenBy(ctx context.Context, grantedBy string, now time.Time) ([]StandIn, error)
}

// MaxStandIn bounds how long a stand-in may last.
const MaxStandIn = 366 * 24 * time.Hour
