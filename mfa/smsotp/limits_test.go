package smsotp_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/smsotp"
)

// TestEachLimitRefusesBeforeSending lowers one limit at a time and sends from
// requests that share only what that limit counts. Sends are 30 s apart, so
// the cooldowns of the account and the number never interfere.
func TestEachLimitRefusesBeforeSending(t *testing.T) {
	tests := []struct {
		name      string
		limits    smsotp.Limits
		max       int
		request   func(i int) smsotp.Request
		scope     string
		rule      string
		minRetry  time.Duration
		maxRetry  time.Duration
		otherUser bool
	}{
		{"user hour", smsotp.Limits{PerUserHour: 2}, 2, func(i int) smsotp.Request {
			r := request(fmt.Sprintf("login:%d", i))
			r.IP = fmt.Sprintf("192.0.2.%d", i+1) // not the IP limit
			return r
		}, smsotp.ScopeUser, "sms-user-hour", time.Minute, time.Hour, true},
		{"user day", smsotp.Limits{PerUserDay: 3}, 3, func(i int) smsotp.Request {
			r := request(fmt.Sprintf("login:%d", i))
			r.IP = fmt.Sprintf("192.0.2.%d", i+1)
			return r
		}, smsotp.ScopeUser, "sms-user-day", time.Hour + time.Minute, 24 * time.Hour, true},
		{"org day", smsotp.Limits{PerOrgDay: 4}, 4, func(i int) smsotp.Request {
			r := request(fmt.Sprintf("login:%d", i))
			r.UserID, r.IP = fmt.Sprintf("user-%d", i), fmt.Sprintf("192.0.2.%d", i+1)
			return r
		}, smsotp.ScopeOrg, "sms-org-day", time.Hour + time.Minute, 24 * time.Hour, false},
		{"ip hour", smsotp.Limits{PerIPHour: 3}, 3, func(i int) smsotp.Request {
			r := request(fmt.Sprintf("login:%d", i))
			r.UserID, r.OrgID = fmt.Sprintf("user-%d", i), fmt.Sprintf("org-%d", i)
			return r
		}, smsotp.ScopeIP, "sms-ip-hour", time.Minute, time.Hour, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eachBackend(t, func(t *testing.T, b backend) {
				e := newEnv(t, b, func(c *smsotp.Config) { c.Limits = tt.limits })
				for i := range tt.max {
					e.clock.Advance(smsotp.DefaultCooldown)
					e.mustSend(t, tt.request(i))
				}
				for i := tt.max; i < tt.max+2; i++ {
					e.clock.Advance(smsotp.DefaultCooldown)
					_, err := e.codes.Send(t.Context(), tt.request(i))
					var le *smsotp.LimitError
					if !errors.As(err, &le) || !errors.Is(err, smsotp.ErrLimited) {
						t.Fatalf("send %d = %v, want a LimitError", i+1, err)
					}
					if le.Scope != tt.scope || le.Rule != tt.rule || le.RetryAfter < tt.minRetry || le.RetryAfter > tt.maxRetry {
						t.Fatalf("send %d refused with %+v, want scope %s rule %s, retry in [%s, %s]",
							i+1, le, tt.scope, tt.rule, tt.minRetry, tt.maxRetry)
					}
					if p, err := e.codes.Status(t.Context(), tt.request(i).Binding); err != nil || p.Live {
						t.Fatalf("refused send left a code: %+v, %v", p, err)
					}
				}
				e.wantOutbox(t, tt.max)
				if n := len(e.ledger.all()); n != tt.max {
					t.Fatalf("ledger holds %d entries, want %d", n, tt.max)
				}
				if tt.otherUser {
					// The limit is per user: someone else in the org still gets a code.
					r := tt.request(99)
					r.UserID = "user-2"
					e.clock.Advance(smsotp.DefaultCooldown)
					e.mustSend(t, r)
				}
			})
		})
	}
}

// TestDefaultUserLimitsOverTime runs the default limits through a day on the
// memory store, whose windows follow the test clock.
func TestDefaultUserLimitsOverTime(t *testing.T) {
	e := newEnv(t, backends[0])
	send := func(i int) error {
		e.clock.Advance(smsotp.DefaultCooldown)
		r := request(fmt.Sprintf("login:%d", i))
		r.IP = fmt.Sprintf("198.51.100.%d", i)
		_, err := e.codes.Send(t.Context(), r)
		return err
	}
	n := 0
	wantRefused := func(rule string, retry time.Duration) {
		t.Helper()
		n++
		var le *smsotp.LimitError
		if err := send(n); !errors.As(err, &le) || le.Rule != rule || le.RetryAfter != retry {
			t.Fatalf("send %d = %v, want %s refusal with retry %s", n, err, rule, retry)
		}
	}
	sendOK := func(count int) {
		t.Helper()
		for range count {
			n++
			if err := send(n); err != nil {
				t.Fatalf("send %d: %v", n, err)
			}
		}
	}
	// Every send is 30 s after the one before (the cooldown).
	sendOK(5)
	wantRefused("sms-user-hour", time.Hour-5*smsotp.DefaultCooldown)
	e.clock.Advance(time.Hour - 6*smsotp.DefaultCooldown)
	sendOK(5)
	wantRefused("sms-user-hour", time.Hour-5*smsotp.DefaultCooldown)
	e.clock.Advance(time.Hour - 6*smsotp.DefaultCooldown)
	wantRefused("sms-user-day", 22*time.Hour)
	e.clock.Advance(22*time.Hour - smsotp.DefaultCooldown)
	sendOK(5)
	e.wantOutbox(t, 15)
}

// TestIPLimitCountsIPv6PerSlash64 checks that stepping through the addresses
// of one IPv6 /64, or writing an IPv4 address IPv4-mapped, does not escape
// the per-IP limit.
func TestIPLimitCountsIPv6PerSlash64(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b, func(c *smsotp.Config) { c.Limits = smsotp.Limits{PerIPHour: 2} })
		tests := []struct {
			ip      string
			refused bool
		}{
			{"2001:db8:1:2::1", false},
			{"2001:db8:1:2:ffff:ffff:ffff:ffff", false},
			{"2001:db8:1:2:abcd::1", true},
			{"2001:db8:1:3::1", false},
			{"192.0.2.7", false},
			{"::ffff:192.0.2.7", false},
			{"192.0.2.7", true},
		}
		for i, tt := range tests {
			r := request(fmt.Sprintf("login:%d", i))
			r.UserID, r.OrgID, r.IP = fmt.Sprintf("user-%d", i), fmt.Sprintf("org-%d", i), tt.ip
			r.Phone = fmt.Sprintf("+3161234560%d", i) // not the number's cooldown
			_, err := e.codes.Send(t.Context(), r)
			var le *smsotp.LimitError
			if refused := errors.As(err, &le) && le.Scope == smsotp.ScopeIP; refused != tt.refused || (!refused && err != nil) {
				t.Fatalf("send from %s = %v, want refused %v", tt.ip, err, tt.refused)
			}
		}
	})
}
