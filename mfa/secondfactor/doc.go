// Package secondfactor is the second step of every login and the portal's
// "Tweestapsverificatie" page.
//
// It owns the HTTP side of the factors: the challenge pages (authenticator
// app, SMS code, security key, recovery code), the mandatory enrolment wizard
// (only the factors the organisation allows; the recovery code shown once at
// the end), re-authentication inside a live session, and the portal page
// where a user lists, adds, renames and removes factors, changes the phone
// number and regenerates the recovery code.
//
// Every step runs inside a login.Flow (bound to the browser by cookie, kept
// in the key-value store); the flow's Mode says whether it ends in a new
// session (login) or acts on the live one (re-authentication, adding a
// factor, changing the phone number, a new recovery code).
//
// It must not:
//   - let a login finish without a verified factor or a used recovery code;
//   - show or log a secret, a code, a phone number in full or a recovery code
//     except to its owner on the page that hands it out;
//   - keep a pending secret in the flow unsealed.
package secondfactor
