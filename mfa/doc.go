// Package mfa owns the second factors of a user and the recovery code.
//
// It owns:
//   - Factor, the stored form of a TOTP app, an SMS phone number or a WebAuthn
//     security key, and the Store that keeps them (SQLStore: SQLite and
//     PostgreSQL, with TOTP secrets and phone numbers sealed by secretbox);
//   - the atomic updates that make factors single-use where they must be: a
//     TOTP time step is accepted at most once (UseTOTPStep), a recovery code
//     at most once (UseRecoveryCode);
//   - recovery codes: generation, normalisation and hashing;
//   - the factor policy: which of a user's factors an organisation allows
//     (Usable) and the authentication method reference each one gives (AMR).
//
// It must not:
//   - log or return in an error a secret, a phone number, a code or a hash;
//   - serve HTTP or decide the order of a login (mfa/flow does that);
//   - send messages (mfa/smsotp) or run WebAuthn ceremonies (mfa/webauthn).
package mfa
