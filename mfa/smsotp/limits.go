package smsotp

import (
	"context"
	"net/netip"
	"time"

	"github.com/mijnaccount/mijnaccount/ratelimit"
)

// limitRule is one sending limit: a ratelimit rule and what it counts per.
type limitRule struct {
	scope   string
	rule    ratelimit.Rule
	subject func(Request) string
}

// rules lists the limits in the order they are counted.
func rules(l Limits) []limitRule {
	user := func(r Request) string { return r.UserID }
	return []limitRule{
		{ScopeUser, ratelimit.Rule{Name: "sms-user-hour", Max: l.PerUserHour, Window: time.Hour}, user},
		{ScopeUser, ratelimit.Rule{Name: "sms-user-day", Max: l.PerUserDay, Window: 24 * time.Hour}, user},
		{ScopeOrg, ratelimit.Rule{Name: "sms-org-day", Max: l.PerOrgDay, Window: 24 * time.Hour},
			func(r Request) string { return r.OrgID }},
		{ScopeIP, ratelimit.Rule{Name: "sms-ip-hour", Max: l.PerIPHour, Window: time.Hour},
			func(r Request) string { return ipSubject(r.IP) }},
	}
}

// ipSubject is what the per-IP limit counts: an IPv4 address (also when
// written IPv4-mapped) as is, an IPv6 address by its /64, because one
// subscriber usually holds a whole /64 and could otherwise step through it.
func ipSubject(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip // Request.check refuses these; never reached
	}
	a = a.Unmap().WithZone("")
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}

// hitLimits counts this send against every limit in turn and stops at the
// first one that is exceeded: its *LimitError is returned. A store error is
// returned as well, so nothing is sent when the counts cannot be kept.
func (c *Codes) hitLimits(ctx context.Context, req Request) error {
	for _, l := range c.rules {
		d, err := c.limiter.Hit(ctx, l.rule, l.subject(req))
		if err != nil {
			return err
		}
		if !d.Allowed {
			return &LimitError{Scope: l.scope, Rule: l.rule.Name, RetryAfter: d.RetryAfter}
		}
	}
	return nil
}
