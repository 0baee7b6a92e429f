// Package invite runs the single-use links by mail that give a user a
// password: invitations (an org admin or the CLI invites a user; the user
// proves who they are with their email address and birth date, then chooses a
// password) and password resets ("forgot password"). Only the SHA-256 of a
// link's token is stored; wrong answers count toward a limit and never say
// which field was wrong; a reset never skips the second factor, because it
// only sets the password.
package invite
