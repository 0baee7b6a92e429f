// Package mail composes and sends the transactional e-mail of Mijn Account:
// invitations, password-reset links and security notices.
//
// A Sender delivers a Message: Outbox appends it as a JSON line to a file
// (the embedded default, and what tests read back with ReadOutbox), SMTP
// hands it to a mail server over STARTTLS or implicit TLS. Templates renders
// a named mail in Dutch (the default) or English from the templates embedded
// under templates/<lang>/, and Mailer ties the two together for the account
// packages.
//
// Mail is never an authentication factor: no template carries a login code,
// and none may. Links in mail (invitation, password reset) are single-use
// secrets made by the caller; this package only carries them.
//
// The package logs the purpose of a mail and nothing else: never the
// recipient, the subject or the body. Errors name the failing step but
// never contain the SMTP password or the recipient's address.
package mail
