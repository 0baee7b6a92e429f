package oauthstore

import "strings"

// RedirectURIAllowed reports whether raw may receive this client's
// authorization responses. The authorization endpoint asks it beside fosite's
// own matching, which is laxer: fosite compares loopback URIs after parsing
// them, so it also takes an https loopback registration with http, user
// information before the host, and a percent-encoded path
// ("/c%62" for "/cb").
//
// The rule is the one of the OAuth 2.0 Security Best Current Practice
// (RFC 9700, section 2.1): the two URIs are equal by simple string comparison
// (RFC 3986, section 6.2.1); the only exception is a native app's loopback
// redirect, where any port is allowed (RFC 8252, section 7.3). That exception
// is taken only for the IP literals http://127.0.0.1 and http://[::1] on both
// sides, and only the port may differ: everything else stays byte-equal.
// "localhost" is matched exactly (RFC 8252, section 8.3, advises the literals).
func (c *Client) RedirectURIAllowed(raw string) bool {
	loop, isLoop := loopbackWithoutPort(raw)
	for _, registered := range c.RedirectURIs {
		if raw == registered {
			return true
		}
		if reg, ok := loopbackWithoutPort(registered); ok && isLoop && reg == loop {
			return true
		}
	}
	return false
}

// loopbackWithoutPort returns raw without its port when raw is an http URI on
// 127.0.0.1 or [::1] whose authority is that host and an optional port of
// digits, followed by nothing, a path or a query.
func loopbackWithoutPort(raw string) (string, bool) {
	for _, origin := range []string{"http://127.0.0.1", "http://[::1]"} {
		rest, ok := strings.CutPrefix(raw, origin)
		if !ok {
			continue
		}
		if port, ok := strings.CutPrefix(rest, ":"); ok {
			n := 0
			for n < len(port) && n < 5 && port[n] >= '0' && port[n] <= '9' {
				n++
			}
			if n == 0 {
				return "", false
			}
			rest = port[n:]
		}
		if rest == "" || rest[0] == '/' || rest[0] == '?' {
			return origin + rest, true
		}
		return "", false
	}
	return "", false
}
