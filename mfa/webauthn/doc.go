// Package webauthn is the security-key second factor: FIDO2 and FIDO U2F keys,
// several per user, used after the password, on github.com/go-webauthn/webauthn.
//
// It owns the two WebAuthn ceremonies (registering a key and logging in with
// one), the options handed to the browser, and the ceremony state between
// Begin and Finish:
//
//   - User verification and resident keys are "discouraged" and attestation
//     conveyance is "none": the key proves possession, the password already
//     proved knowledge. No authenticator attachment is required, so USB, NFC
//     and BLE keys all work. Registration excludes the user's existing keys.
//   - Ceremony state lives server-side in storage.KV under
//     "webauthn-ceremony:<id>" for five minutes. Only the id goes to the
//     browser. Finish takes the state atomically (single use, so a replayed
//     response fails) and checks that it was begun for the same user and for
//     the same kind of ceremony. A store failure is returned as such and never
//     read as "no ceremony".
//   - Keys registered through the legacy U2F JavaScript API under an AppID
//     keep working when Config.U2FAppID is set: login ceremonies then send the
//     FIDO "appid" extension for users who hold such a key (see
//     LegacyU2FCredential for how those keys must be stored).
//   - The signature counter is checked: LoginResult.CloneWarning reports a
//     counter that did not increase.
//
// # What this package must not do
//
// It does not store credentials: the caller stores Credential as JSON with
// the user, stores LoginResult.SignCount after every login, and keeps
// credential ids unique across users. It does not decide about login policy:
// it never refuses a login because of CloneWarning, never rate-limits and
// never counts failures; the caller audits a clone warning and refuses the
// login. It does not log. Callers must not log credential ids (use
// CredentialIDString only as an opaque identifier) together with user data
// such as names or email addresses, and must never show an error's text to
// the user: errors carry verification details for the log; use errors.Is
// with ErrNoCeremony, ErrInvalidResponse and ErrNoCredentials to choose a
// generic message.
package webauthn
