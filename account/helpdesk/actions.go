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
	Approve          Action = "approve"           // four eyes: approve another's request and carry it out
	Reject           Action = "reject"            // four eyes: turn a request down (or withdraw one's own)
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
	RequestID string    // Approve, Reject
	Phone     string    // StartSwap: the temporary number (E.164)
	Until     time.Time // StartSwap: optional end
	Code      string    // StartSwap: the code texted to Phone, read out by the user
	Reason    string    // free text, required; kept out of the audit trail
	Ticket    string    // optional reference, goes into the audit trail

	live Record // Approve, Reject: the request decided, loaded by Do
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
	pending  map[Action]bool // actions with a request waiting
	swap     bool            // a temporary phone number is in use
	hasSMS   bool            // the user has an SMS factor
	now      time.Time
}

func (st state) locked() bool {
	return st.user.PermanentlyLocked || st.now.Before(st.user.LockedUntil) || st.user.FailedLogins > 0
}

// spec describes one action. To add an action, add a constant above and an
// entry here, texts "helpdesk.action.<name>.title", ".intro" and ".submit"
// in i18n, and, when it mails, a sentence for its mail event in
// mail/templates/*/helpdesk_action.*.
type spec struct {
	// orgAdminRight is the platform right an org admin needs; "" keeps the
	// action for the helpdesk (and the requester, for Reject).
	orgAdminRight string
	// audit is the audit trail's action; mail the helpdesk_action mail's
	// event, "" when the action sends a mail of its own.
	audit, mail string
	// fourEyes marks an action that removes, replaces or redirects a second
	// factor: in an organisation with FourEyesFactorReset it is stored as a
	// request, with what it asks for, that another helpdesk user approves.
	// The request, its approval and its rejection are audited as audit +
	// "_requested", "_approved", "_rejected"; the user gets the mails
	// requestMail + "_requested" and "_rejected".
	fourEyes    bool
	requestMail string
	danger      bool
	withFactor  bool // the form names a factor
	withRequest bool // the form names a request
	withSwap    bool // the form asks for a number, an end date and a code
	// offered reports whether the user page offers the action (nil: never,
	// it is reached from a factor or request row).
	offered func(st state) bool
	// check, when set, refuses what cannot be done to the account as it is
	// now (a factor the user lacks, a swap already running): when the action
	// is asked for and again before a request for it is approved.
	check func(s *Service, ctx context.Context, a Actor, u account.User, req Request) error
	// proof, when set, takes what the asker must prove when asking (the code
	// that proves a temporary number); an approval does not ask it again.
	proof func(s *Service, ctx context.Context, a Actor, u account.User, req Request) error
	// run carries the action out: at once, or when its request is approved
	// (then with the request's parameters and the approver as actor).
	run func(s *Service, ctx context.Context, a Actor, u account.User, req Request) (Result, error)
}

// specs is the table of actions; filled in init because approving a request
// runs the requested action's entry.
var specs map[Action]spec

func init() { specs = specTable() }

func specTable() map[Action]spec {
	return map[Action]spec{
		ResetFactors: {orgAdminRight: account.RightFactorsResetRequest, audit: "helpdesk.factors_reset", mail: "factors_reset",
			fourEyes: true, requestMail: "factors_reset", danger: true,
			offered: func(st state) bool { return st.factors > 0 && !st.pending[ResetFactors] }, run: (*Service).resetFactors},
		RemoveFactor: {orgAdminRight: account.RightFactorsResetRequest, audit: "helpdesk.factor_removed", mail: "factor_removed",
			fourEyes: true, requestMail: "factor_removed", danger: true, withFactor: true,
			check: (*Service).checkRemovable, run: (*Service).removeFactor},
		Unlock: {orgAdminRight: account.RightUsersBlock, audit: "helpdesk.unlocked", mail: "unlocked",
			offered: state.locked, run: (*Service).unlock},
		RevokeSessions: {orgAdminRight: account.RightUsersBlock, audit: "helpdesk.sessions_revoked", mail: "sessions_revoked",
			danger: true, offered: func(st state) bool { return st.sessions > 0 }, run: (*Service).revokeSessions},
		ResendInvitation: {orgAdminRight: account.RightUsersInvite, audit: "helpdesk.invitation_resent",
			offered: func(st state) bool { return st.user.Status == account.StatusInvited }, run: (*Service).resendInvitation},
		PasswordReset: {orgAdminRight: account.RightUsersInvite, audit: "helpdesk.password_reset_sent",
			offered: func(st state) bool { return st.user.Status == account.StatusActive && !st.user.PermanentlyLocked },
			run:     (*Service).passwordReset},
		// The audit action and mail of a decision follow from the request's
		// action (decisionNames).
		Approve: {danger: true, withRequest: true, run: (*Service).approve},
		Reject:  {withRequest: true, run: (*Service).reject},
		// The swap service mails the user and texts both numbers itself. Ending
		// a swap sends the codes to another number again, so it needs four eyes
		// too; a swap without an end date is how the helpdesk changes a number.
		EndSwap: {orgAdminRight: account.RightFactorsResetRequest, audit: "helpdesk.phone_swap_ended",
			fourEyes: true, requestMail: "phone_swap_end",
			offered: func(st state) bool { return st.swap && !st.pending[EndSwap] }, check: (*Service).checkSwapRunning,
			run: (*Service).endSwap},
		StartSwap: {orgAdminRight: account.RightFactorsResetRequest, audit: "helpdesk.phone_swap_started", withSwap: true,
			fourEyes: true, requestMail: "phone_swap",
			offered: func(st state) bool { return st.hasSMS && !st.swap && !st.pending[StartSwap] },
			check:   (*Service).checkSwapPossible, proof: (*Service).checkSwapCode, run: (*Service).startSwap},
	}
}

// decisionNames returns the audit action and the mail event of a decision
// on a request for action: approving carries the action out and mails what
// the action mails; rejecting mails that nothing changed.
func decisionNames(decision, action Action) (auditAction, mailEvent string) {
	sp := specs[action]
	if decision == Approve {
		return sp.audit + "_approved", sp.mail
	}
	return sp.audit + "_rejected", sp.requestMail + "_rejected"
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
	if a == Reject {
		return true // the service lets only the requester withdraw
	}
	return sp.orgAdminRight != "" && slices.Contains(rights, sp.orgAdminRight)
}
