package helpdesk

import (
	"context"
	"slices"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
)

// Action names what the helpdesk does to a user's account. The names appear
// in URLs (/helpdesk/users/{id}/{action}) and in helpdesk_actions.
type Action string

// The actions.
const (
	ResetFactors     Action = "reset-factors"     // remove every factor and the recovery code, end all sessions
	RemoveFactor     Action = "remove-factor"     // remove one factor (never the last)
	Unlock           Action = "unlock"            // lift the lock after too many failed logins
	RevokeSessions   Action = "revoke-sessions"   // end every session (back-channel logout follows)
	ResendInvitation Action = "resend-invitation" // a new invitation link for an invited user
	PasswordReset    Action = "password-reset"    // a password reset link for an active user
	ApproveReset     Action = "approve-reset"     // four-eyes: approve another's factor reset request
	RejectReset      Action = "reject-reset"      // four-eyes: turn a factor reset request down
	EndSwap          Action = "end-swap"          // put the user's own phone number back now
	StartSwap        Action = "start-swap"        // a temporary phone number, verified by a code the user reads out
)

// CLIActor is the actor id of the operator command line.
const CLIActor = "cli"

// Actor is who acts: a helpdesk user, an org admin, or the command line.
type Actor struct {
	ID string
	// Helpdesk is set for holders of helpdesk.act (and the command line):
	// only they may approve or reject another's request.
	Helpdesk bool
}

// Request is one action asked for.
type Request struct {
	Action    Action
	UserID    string
	FactorID  string    // RemoveFactor
	RequestID string    // ApproveReset, RejectReset
	Phone     string    // StartSwap: the temporary number (E.164)
	Until     time.Time // StartSwap: optional end
	Code      string    // StartSwap: the code texted to Phone, read out by the user
	Reason    string    // free text, required; kept out of the audit trail
	Ticket    string    // optional reference, goes into the audit trail
}

// Result says what happened.
type Result struct {
	Pending        bool   // a four-eyes request was stored; nothing happened yet
	RequestID      string // the pending request
	FactorsRemoved int
	SessionsEnded  int
}

// state is what decides which actions a page offers for a user.
type state struct {
	user     account.User
	factors  int
	sessions int
	pending  bool // a factor reset request is waiting
	swap     bool // a temporary phone number is in use
	hasSMS   bool // the user has an SMS factor
	now      time.Time
}

func (st state) locked() bool {
	return st.user.PermanentlyLocked || st.now.Before(st.user.LockedUntil) || st.user.FailedLogins > 0
}

// spec describes one action. To add an action (the phone swap is next), add
// a constant above and an entry here, texts "helpdesk.action.<name>.title",
// ".intro" and ".submit" in i18n, and, when it mails, a sentence for its
// mail event in mail/templates/*/helpdesk_action.*.
type spec struct {
	// orgAdminRight is the platform right an org admin needs; "" keeps the
	// action for the helpdesk (and the requester, for RejectReset).
	orgAdminRight string
	// audit is the audit trail's action; mail the helpdesk_action mail's
	// event, "" when the action sends a mail of its own.
	audit, mail string
	danger      bool
	withFactor  bool // the form names a factor
	withRequest bool // the form names a request
	withSwap    bool // the form asks for a number, an end date and a code
	// offered reports whether the user page offers the action (nil: never,
	// it is reached from a factor or request row).
	offered func(st state) bool
	run     func(s *Service, ctx context.Context, a Actor, u account.User, req Request) (Result, error)
}

var specs = map[Action]spec{
	ResetFactors: {orgAdminRight: account.RightFactorsResetRequest, audit: "helpdesk.factors_reset", mail: "factors_reset",
		danger: true, offered: func(st state) bool { return st.factors > 0 && !st.pending }, run: (*Service).resetFactors},
	RemoveFactor: {orgAdminRight: account.RightFactorsResetRequest, audit: "helpdesk.factor_removed", mail: "factor_removed",
		danger: true, withFactor: true, run: (*Service).removeFactor},
	Unlock: {orgAdminRight: account.RightUsersBlock, audit: "helpdesk.unlocked", mail: "unlocked",
		offered: state.locked, run: (*Service).unlock},
	RevokeSessions: {orgAdminRight: account.RightUsersBlock, audit: "helpdesk.sessions_revoked", mail: "sessions_revoked",
		danger: true, offered: func(st state) bool { return st.sessions > 0 }, run: (*Service).revokeSessions},
	ResendInvitation: {orgAdminRight: account.RightUsersInvite, audit: "helpdesk.invitation_resent",
		offered: func(st state) bool { return st.user.Status == account.StatusInvited }, run: (*Service).resendInvitation},
	PasswordReset: {orgAdminRight: account.RightUsersInvite, audit: "helpdesk.password_reset_sent",
		offered: func(st state) bool { return st.user.Status == account.StatusActive && !st.user.PermanentlyLocked },
		run:     (*Service).passwordReset},
	ApproveReset: {audit: "helpdesk.factors_reset_approved", mail: "factors_reset", danger: true, withRequest: true,
		run: (*Service).approveReset},
	RejectReset: {audit: "helpdesk.factors_reset_rejected", mail: "factors_reset_rejected", withRequest: true,
		run: (*Service).rejectReset},
	// The swap service mails the user and texts both numbers itself.
	EndSwap: {orgAdminRight: account.RightFactorsResetRequest, audit: "helpdesk.phone_swap_ended",
		offered: func(st state) bool { return st.swap }, run: (*Service).endSwap},
	StartSwap: {orgAdminRight: account.RightFactorsResetRequest, audit: "helpdesk.phone_swap_started", withSwap: true,
		offered: func(st state) bool { return st.hasSMS && !st.swap }, run: (*Service).startSwap},
}

// pageOrder is the order in which the user page lists the actions.
var pageOrder = []Action{ResetFactors, StartSwap, EndSwap, Unlock, RevokeSessions, PasswordReset, ResendInvitation}

// Known reports whether a is an action.
func Known(a Action) bool { _, ok := specs[a]; return ok }

// mayDo reports whether a viewer with the given platform rights may start
// action a: the helpdesk everything, an org admin what its right allows.
func mayDo(a Action, rights []string) bool {
	sp, ok := specs[a]
	if !ok {
		return false
	}
	if slices.Contains(rights, account.RightHelpdeskAct) {
		return true
	}
	if a == RejectReset {
		return true // the service lets only the requester withdraw
	}
	return sp.orgAdminRight != "" && slices.Contains(rights, sp.orgAdminRight)
}
