// Package login runs the browser login: the email + password step, the forced
// change of a temporary password, and the start of the session. Each step
// redirects back to a stored flow (kept in the key-value store, bound to the
// browser by a cookie), and the flow decides the next step — steps never call
// each other. The second factor plugs in as another step.
//
// It answers the same, in the same time, for unknown users, wrong passwords,
// blocked and locked users, and throttles per account (exponential back-off,
// temporary lock, and after many failures a permanent lock that only the
// helpdesk lifts) and per client IP.
//
// It must not know how factors work or how tokens are issued.
package login
