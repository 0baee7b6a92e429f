// Package oidctest is a small OpenID Connect provider for the absence
// application's tests. It serves discovery, a JWKS with its own ES256 key, an
// authorization endpoint that answers at once (no login page), a token
// endpoint that checks the client secret and the PKCE verifier, and an
// end-session endpoint that records its calls. Tests shape the ID token
// (claims, signing key, expiry) and sign logout tokens with go-jose.
//
// It is meant for tests only.
package oidctest
