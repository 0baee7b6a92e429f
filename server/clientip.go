package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
)

// ParsePrefixes parses CIDRs such as config.HTTP.TrustedProxies and reports
// every one that is not valid.
func ParsePrefixes(cidrs []string) ([]netip.Prefix, error) {
	var (
		out  []netip.Prefix
		errs []error
	)
	for _, s := range cidrs {
		p, err := netip.ParsePrefix(strings.TrimSpace(s))
		if err != nil {
			errs = append(errs, fmt.Errorf("not a CIDR: %q", s))
			continue
		}
		out = append(out, p.Masked())
	}
	return out, errors.Join(errs...)
}

// ClientIP returns the address of the client behind r. That is the direct
// peer, unless the peer is a trusted proxy: then it is the right-most
// X-Forwarded-For hop that is not itself a trusted proxy. Hops left of that
// one were written by the client and are never believed. An unparsable hop
// ends the walk at the last trusted address. The zero Addr means the peer
// address was unreadable.
func ClientIP(r *http.Request, trusted []netip.Prefix) netip.Addr {
	addr := peerAddr(r)
	if !inPrefixes(addr, trusted) {
		return addr
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		s := strings.TrimSpace(hops[i])
		if s == "" {
			continue
		}
		hop, ok := parseHop(s)
		if !ok {
			return addr
		}
		addr = hop
		if !inPrefixes(hop, trusted) {
			return hop
		}
	}
	return addr // every hop is one of our proxies
}

type clientIPKey struct{}

// ClientIPFrom returns the client IP the server found for the request ctx
// belongs to; the zero Addr (which no allow-list contains) outside one.
func ClientIPFrom(ctx context.Context) netip.Addr {
	ip, _ := ctx.Value(clientIPKey{}).(netip.Addr)
	return ip
}

// clientIPs puts ClientIP in the request context.
func clientIPs(trusted []netip.Prefix) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := context.WithValue(r.Context(), clientIPKey{}, ClientIP(r, trusted))
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// peerAddr is the address of the direct peer.
func peerAddr(r *http.Request) netip.Addr {
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		return ap.Addr().Unmap().WithZone("")
	}
	if a, err := netip.ParseAddr(r.RemoteAddr); err == nil {
		return a.Unmap().WithZone("")
	}
	return netip.Addr{}
}

// parseHop reads one X-Forwarded-For entry: an address, or an address with a
// port as some proxies write it.
func parseHop(s string) (netip.Addr, bool) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		ap, err := netip.ParseAddrPort(s)
		if err != nil {
			return netip.Addr{}, false
		}
		a = ap.Addr()
	}
	return a.Unmap().WithZone(""), true
}

func inPrefixes(a netip.Addr, prefixes []netip.Prefix) bool {
	if !a.IsValid() {
		return false
	}
	for _, p := range prefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
