package oauthstore_test

import (
	"strings"
	"testing"

	"github.com/ory/fosite"

	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// withoutPort removes a port of digits from the authority of an absolute
// URI, byte for byte: "http://127.0.0.1:8123/cb" → "http://127.0.0.1/cb".
// Anything else after a colon (user information, a second host) stays.
func withoutPort(raw string) string {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return raw
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	authority, tail := rest[:end], rest[end:]
	if i := strings.LastIndexByte(authority, ':'); i >= 0 && digits(authority[i+1:]) {
		authority = authority[:i]
	}
	return scheme + "://" + authority + tail
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// loopbackIPLiteral reports whether raw is an http URI whose host is written
// as 127.0.0.1 or [::1]: the loopback redirects of RFC 8252 section 7.3,
// whose port the native app picks when it runs.
func loopbackIPLiteral(raw string) bool {
	return strings.HasPrefix(raw, "http://127.0.0.1") || strings.HasPrefix(raw, "http://[::1]")
}

// allowedMatch is the rule every accepted redirect URI must satisfy: it is
// byte-equal to a registered one, or both are http loopback IP literals and
// they are byte-equal once their ports are taken out.
func allowedMatch(requested string, registered []string) bool {
	for _, reg := range registered {
		if requested == reg {
			return true
		}
		if loopbackIPLiteral(reg) && loopbackIPLiteral(requested) && withoutPort(requested) == withoutPort(reg) {
			return true
		}
	}
	return false
}

// FuzzRedirectURI: the authorization endpoint sends the browser (and with it
// the code) only to a registered redirect URI. A requested URI is accepted
// when fosite matches it and oauthstore.RedirectURIAllowed agrees (that is
// what the authorize handler asks); whatever the fuzzer builds, an accepted
// URI is byte-equal to a registered one, except for the port of an http
// loopback IP literal (RFC 8252 section 7.3). The registered URI is fuzzed
// too, within what ValidateClient lets a client register. And a registered
// URI asked for byte for byte is always accepted.
func FuzzRedirectURI(f *testing.F) {
	for _, s := range [][2]string{
		{"https://verzuim.example.nl/callback", "https://verzuim.example.nl/callback"},
		{"https://verzuim.example.nl/callback", "https://verzuim.example.nl/callback/"},
		{"https://verzuim.example.nl/callback", "https://verzuim.example.nl/Callback"},
		{"https://verzuim.example.nl/callback", "https://verzuim.example.nl:443/callback"},
		{"https://verzuim.example.nl/callback", "https://VERZUIM.example.nl/callback"},
		{"https://verzuim.example.nl/callback", "https://verzuim.example.nl/callback?x=1"},
		{"https://verzuim.example.nl/callback", "https://verzuim.example.nl/c%61llback"},
		{"https://verzuim.example.nl/callback", "https://verzuim.example.nl.evil.example/callback"},
		{"https://verzuim.example.nl/callback", "https://evil.example/callback"},
		{"https://verzuim.example.nl/callback", ""},
		{"http://127.0.0.1:8123/cb", "http://127.0.0.1:54321/cb"},
		{"http://127.0.0.1:8123/cb", "http://127.0.0.1/cb"},
		{"http://127.0.0.1:8123/cb", "http://127.0.0.1:54321/c%62"},
		{"http://127.0.0.1:8123/cb", "http://user@127.0.0.1:54321/cb"},
		{"http://127.0.0.1/cb", "http://127.0.0.2/cb"},
		{"http://[::1]/cb", "http://[::1]:9000/cb"},
		{"http://[::1]/cb", "http://[0:0:0:0:0:0:0:1]:9000/cb"},
		{"http://localhost/cb", "http://localhost:9000/cb"},
		{"https://127.0.0.1/cb", "http://127.0.0.1:9000/cb"},
		{"http://127.0.0.1/cb?a=1", "http://127.0.0.1:1/cb?a=1"},
		{"http://127.0.0.1/cb", "http://127.0.0.1:1/cb#x"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, registered, requested string) {
		c := oauthstore.Client{ID: "web", Name: "Web", RedirectURIs: []string{registered},
			GrantTypes: []string{oauthstore.GrantAuthorizationCode}, TokenEndpointAuthMethod: oauthstore.AuthClientSecretBasic,
			SecretHash: mustHash(t)}
		if oauthstore.ValidateClient(c) != nil {
			return // cannot be registered
		}
		_, err := fosite.MatchRedirectURIWithClientRedirectURIs(requested, &c)
		accepted := err == nil && (requested == "" || c.RedirectURIAllowed(requested))
		if requested == "" {
			// No redirect_uri: fosite uses the only registered one.
			if !accepted {
				t.Fatalf("no redirect_uri with one registered %q: refused", registered)
			}
			return
		}
		if accepted && !allowedMatch(requested, c.RedirectURIs) {
			t.Fatalf("registered %q: accepted %q", registered, requested)
		}
		if requested == registered && !accepted {
			t.Fatalf("registered %q: refused itself", registered)
		}
		if c.RedirectURIAllowed(requested) && !allowedMatch(requested, c.RedirectURIs) {
			t.Fatalf("registered %q: RedirectURIAllowed(%q)", registered, requested)
		}
	})
}

var fuzzSecretHash []byte

// mustHash returns one client secret hash, made once: hashing is slow and
// the fuzz function only needs a valid one.
func mustHash(t *testing.T) []byte {
	if fuzzSecretHash == nil {
		secret, err := oauthstore.NewSecret()
		if err != nil {
			t.Fatal(err)
		}
		if fuzzSecretHash, err = oauthstore.HashSecret(secret); err != nil {
			t.Fatal(err)
		}
	}
	return fuzzSecretHash
}
