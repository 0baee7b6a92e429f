// Package loopback tells whether a host or URL stays on this machine, for the
// settings that may drop TLS only there (a plain-http issuer, an SMTP relay
// without STARTTLS, a load generator's target).
package loopback

import (
	"net"
	"net/url"
	"strings"
)

// Host reports whether host is "localhost" (in any case) or a loopback IP
// address (127.0.0.0/8, ::1), with or without the brackets of an IPv6
// literal.
func Host(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// URL reports whether the host of the absolute URL raw is a loopback host.
// A URL that does not parse is not.
func URL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && Host(u.Hostname())
}
