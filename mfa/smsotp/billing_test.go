package smsotp_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/smsotp"
)

// budget is a Config.Budget that answers with err and remembers the calls.
type budget struct {
	mu    sync.Mutex
	err   error
	calls []string // "customer at time"
}

func (b *budget) Allow(_ context.Context, customerID string, at time.Time) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.calls = append(b.calls, customerID+" "+at.Format(time.RFC3339))
	return b.err
}

func (b *budget) set(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.err = err
}

func (b *budget) called() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.calls...)
}

// wantNothingSent fails unless no message, ledger entry, code or cooldown
// is left for the binding.
func (e *env) wantNothingSent(t *testing.T, binding string) {
	t.Helper()
	e.wantOutbox(t, 0)
	if n := len(e.ledger.all()); n != 0 {
		t.Fatalf("ledger holds %d entries", n)
	}
	if p, err := e.codes.Status(t.Context(), binding); err != nil || p != (smsotp.Pending{}) {
		t.Fatalf("Status = %+v, %v; want no code and no cooldown", p, err)
	}
}

func TestBudgetRefusalSendsNothing(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		bud := &budget{err: fmt.Errorf("billing: customer org-holding is at 100%% of its SMS budget: %w", smsotp.ErrBudget)}
		e := newEnv(t, b, func(c *smsotp.Config) { c.Budget = bud })
		_, err := e.codes.Send(t.Context(), request("login:flow-1"))
		if !errors.Is(err, smsotp.ErrBudget) || errors.Is(err, smsotp.ErrLimited) {
			t.Fatalf("Send = %v, want ErrBudget", err)
		}
		e.wantNothingSent(t, "login:flow-1")
		want := "org-holding " + e.clock.Now().Format(time.RFC3339)
		if got := bud.called(); len(got) != 1 || got[0] != want {
			t.Fatalf("budget asked %v, want [%s]", got, want)
		}
		// The cooldown was released: once the budget allows, a code goes out.
		bud.set(nil)
		e.mustSend(t, request("login:flow-1"))
		e.wantOutbox(t, 1)
	})
}

func TestBudgetFailureFailsClosed(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		down := errors.New("billing: database is down")
		e := newEnv(t, b, func(c *smsotp.Config) { c.Budget = &budget{err: down} })
		_, err := e.codes.Send(t.Context(), request("login:flow-1"))
		if !errors.Is(err, down) || errors.Is(err, smsotp.ErrBudget) {
			t.Fatalf("Send = %v, want the budget's failure", err)
		}
		e.wantNothingSent(t, "login:flow-1")
	})
}

func TestBudgetAskedOnlyWithinTheLimits(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		bud := &budget{}
		e := newEnv(t, b, func(c *smsotp.Config) { c.Budget, c.Limits.PerUserHour = bud, 1 })
		e.mustSend(t, request("login:flow-1"))
		// Refused by the cooldown and by the limit: the budget is not asked.
		if _, err := e.codes.Send(t.Context(), request("login:flow-1")); !errors.Is(err, smsotp.ErrCooldown) {
			t.Fatalf("second Send = %v, want ErrCooldown", err)
		}
		e.clock.Advance(smsotp.DefaultCooldown)
		if _, err := e.codes.Send(t.Context(), request("login:flow-2")); !errors.Is(err, smsotp.ErrLimited) {
			t.Fatalf("third Send = %v, want ErrLimited", err)
		}
		if n := len(bud.called()); n != 1 {
			t.Fatalf("budget asked %d times, want 1", n)
		}
	})
}

func TestTariffRecorded(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		var asked []string
		var mu sync.Mutex
		tariff := func(_ context.Context, customerID string, at time.Time) (int64, error) {
			mu.Lock()
			defer mu.Unlock()
			asked = append(asked, customerID+" "+at.Format(time.RFC3339))
			return 8, nil
		}
		e := newEnv(t, b, func(c *smsotp.Config) { c.Tariff = tariff })
		req := request("login:flow-1")
		req.Phone = "+32470123456"
		e.mustSend(t, req)
		got := e.ledger.all()
		if len(got) != 1 {
			t.Fatalf("ledger holds %d entries, want 1", len(got))
		}
		if en := got[0]; en.TariffCents != 8 || en.CountryPrefix != "+32" || en.BillingMonth != "2026-11" {
			t.Fatalf("entry has tariff %d, prefix %q, month %q; want 8, +32, 2026-11", en.TariffCents, en.CountryPrefix, en.BillingMonth)
		}
		if want := "org-holding " + e.clock.Now().Format(time.RFC3339); len(asked) != 1 || asked[0] != want {
			t.Fatalf("tariff asked %v, want [%s]", asked, want)
		}
		e.wantNoSecrets(t, "470123456")
	})
}

func TestTariffFailureSendsNothing(t *testing.T) {
	down := errors.New("billing: tariffs unavailable")
	tests := map[string]func(context.Context, string, time.Time) (int64, error){
		"lookup fails":    func(context.Context, string, time.Time) (int64, error) { return 0, down },
		"negative tariff": func(context.Context, string, time.Time) (int64, error) { return -3, nil },
	}
	for name, tariff := range tests {
		t.Run(name, func(t *testing.T) {
			eachBackend(t, func(t *testing.T, b backend) {
				e := newEnv(t, b, func(c *smsotp.Config) { c.Tariff = tariff })
				_, err := e.codes.Send(t.Context(), request("login:flow-1"))
				if err == nil || errors.Is(err, smsotp.ErrBudget) {
					t.Fatalf("Send = %v, want a tariff failure", err)
				}
				if name == "lookup fails" && !errors.Is(err, down) {
					t.Fatalf("Send = %v, want it to wrap the lookup's error", err)
				}
				e.wantNothingSent(t, "login:flow-1")
			})
		})
	}
}
