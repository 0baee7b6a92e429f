// Package portal serves the Mijn Account portal (/account): the user's
// profile, password change, active sessions with revoke one / all others /
// log out everywhere, and for org admins the organisation's users with an
// invitation form. Every page needs a live session; every change is audited.
//
// It must not run the login itself: without a session it sends the browser to
// /login with a return path.
package portal
