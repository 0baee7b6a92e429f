// Package login runs the browser login: the email + password step, the forced
// change of a temporary password, and the start of the session. Each step
// redirects back to a stored flow (kept in the key-value store, bound to the
// browser by a cookie), and the flow decides the next step — steps never call
// each other. The second factor plugs in as another step.
//
// It answers the same, in the same time, for unknown users, wrong passwords,
// blocked and locked users. It throttles without letting anyone lock an owner
// out (docs/accounts.md, "Throttling"): browsers that logged in before carry a
// device cookie and count their failures apart from the address's; attempts
// refused for a lock are never verified or counted; only wrong second-factor
// answers lead to the lock the helpdesk must lift; per client IP it counts
// failures and never refuses a correct password.
//
// It must not know how factors work or how tokens are issued.
package login
