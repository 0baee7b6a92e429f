// Package helpdesk is the helpdesk console (/helpdesk): finding one user by
// exact email address or id, seeing their status, factors, sessions and
// recent security events, and acting on their account — reset all second
// factors, remove one factor, set a temporary phone number or put the own
// one back, unlock after throttling, end all sessions, resend the
// invitation, send a password reset link.
//
// Who sees what: a user holding helpdesk.act serves their own organisation
// and every organisation below it; a helpdesk user of an organisation listed
// in helpdesk.platform_org_ids serves all. An org admin gets the same pages
// and actions for the users of their own organisation only, each action
// behind the platform right that fits it (factors.reset.request,
// users.block, users.invite). A user outside the viewer's scope answers 404,
// exactly as a user that does not exist.
//
// Every action needs a reason and a factor proven in the last five minutes
// (otherwise the viewer is sent through the challenge and the action is
// carried out on return). The reason is free text kept in the
// helpdesk_actions table of the main database and shown to nobody; the
// audit trail gets ids, the action, the outcome and the optional ticket
// reference only. The user is mailed after every action on their account.
//
// Four eyes: when the user's organisation has FourEyesFactorReset, every
// action that removes, replaces or redirects a second factor (reset, remove
// one factor, a temporary number with or without an end, the own number
// back) is stored as a pending request with what it asks for (the factor,
// the number sealed, the end date). Another helpdesk user in scope — never
// the requester, never an org admin — approves it, and only then does the
// action happen, exactly as asked; or rejects it. Requests expire after
// PendingTTL.
//
// Service holds the actions themselves and is shared with the operator
// command line (`mijnaccount helpdesk …`, actor "cli"); Handler holds the
// pages.
//
// Extension point: a new action is one entry in the specs table of
// actions.go — who may do it, when it is offered, whether it needs four
// eyes, its audit action and mail sentence, the check made when it is asked
// for and the function that carries it out — plus the page texts in i18n and
// a sentence in the helpdesk_action mail. Nothing else needs to change.
//
// It must not show secrets: no TOTP secrets, recovery codes or full phone
// numbers (sms.Mask), and no reason texts.
package helpdesk
