package helpdesk_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/helpdesk"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/mfa/phoneswap"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// TestFourEyesRemoveFactor: the request names the factor; the approval
// removes that one, whatever the approver names, and only while the request
// lives.
func TestFourEyesRemoveFactor(t *testing.T) {
	for name, open := range storagetest.Backends() {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, open(t), true)
			ctx := context.Background()
			phone, err := f.factors.AddFactor(ctx, mfa.Factor{UserID: f.user.ID, Kind: mfa.KindSMS, Secret: "+31612345678"})
			if err != nil {
				t.Fatal(err)
			}
			remove := func(a helpdesk.Actor, factorID, requestID string) (helpdesk.Result, error) {
				action := helpdesk.RemoveFactor
				if requestID != "" {
					action = helpdesk.Approve
				}
				return f.svc.Do(ctx, a, helpdesk.Request{Action: action, UserID: f.user.ID, FactorID: factorID,
					RequestID: requestID, Reason: "reden", Ticket: "T-1"})
			}
			if _, err := remove(deskA, "no-such-factor", ""); !errors.Is(err, mfa.ErrNotFound) {
				t.Fatalf("a request for a factor the user lacks: %v", err)
			}
			res, err := remove(deskA, phone.ID, "")
			if err != nil || !res.Pending || f.factorCount(t) != 2 {
				t.Fatalf("request: %+v, %v, %d factors", res, err, f.factorCount(t))
			}
			if !f.audit.has("helpdesk.factor_removed_requested", audit.OutcomeSuccess) {
				t.Fatal("the request is not audited")
			}
			if _, err := remove(deskA, "", res.RequestID); !errors.Is(err, helpdesk.ErrOwnRequest) || f.factorCount(t) != 2 {
				t.Fatalf("own approval: %v", err)
			}
			if _, err := remove(admin, "", res.RequestID); !errors.Is(err, helpdesk.ErrNotAllowed) || f.factorCount(t) != 2 {
				t.Fatalf("an org admin approving: %v", err)
			}
			fs, _ := f.factors.ListFactors(ctx, f.user.ID)
			var app mfa.Factor
			for _, x := range fs {
				if x.Kind == mfa.KindTOTP {
					app = x
				}
			}
			if _, err := remove(deskB, app.ID, res.RequestID); err != nil {
				t.Fatalf("approval: %v", err)
			}
			fs, _ = f.factors.ListFactors(ctx, f.user.ID)
			if len(fs) != 1 || fs[0].ID != app.ID {
				t.Fatalf("after the approval %+v; want the app left, the phone gone", fs)
			}
			if !f.audit.has("helpdesk.factor_removed", audit.OutcomeSuccess) || !f.audit.has("helpdesk.factor_removed_approved", audit.OutcomeSuccess) {
				t.Fatal("the approval or the removal is not audited")
			}

			// A request expires.
			phone, _ = f.factors.AddFactor(ctx, mfa.Factor{UserID: f.user.ID, Kind: mfa.KindSMS, Secret: "+31612345679"})
			res, _ = remove(deskA, phone.ID, "")
			f.clock.Advance(helpdesk.DefaultPendingTTL + time.Minute)
			if _, err := remove(deskB, "", res.RequestID); !errors.Is(err, helpdesk.ErrNoRequest) || f.factorCount(t) != 2 {
				t.Fatalf("approving an expired request: %v", err)
			}
			// The factor goes meanwhile: the approval is refused and the
			// request stays open, to be rejected.
			f.clock.Advance(time.Minute)
			res, _ = remove(deskA, phone.ID, "")
			if err := f.factors.DeleteFactor(ctx, f.user.ID, phone.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := remove(deskB, "", res.RequestID); !errors.Is(err, mfa.ErrNotFound) {
				t.Fatalf("approving the removal of a factor that is gone: %v", err)
			}
			if _, err := f.svc.Store.Live(ctx, res.RequestID, helpdesk.DefaultPendingTTL); err != nil {
				t.Fatalf("the request did not stay open: %v", err)
			}
			if _, err := f.svc.Do(ctx, deskB, helpdesk.Request{Action: helpdesk.Reject, UserID: f.user.ID, RequestID: res.RequestID,
				Reason: "vervallen"}); err != nil {
				t.Fatalf("rejecting: %v", err)
			}
			phone, _ = f.factors.AddFactor(ctx, mfa.Factor{UserID: f.user.ID, Kind: mfa.KindSMS, Secret: "+31612345670"})

			// An approval of a request about another user finds nothing.
			other, err := f.accounts.CreateUser(ctx, account.User{Email: "piet@werkgever.example", Name: "Piet", OrgID: f.org.ID, Status: account.StatusActive}, nil)
			if err != nil {
				t.Fatal(err)
			}
			res, _ = remove(deskA, phone.ID, "")
			if _, err := f.svc.Do(ctx, deskB, helpdesk.Request{Action: helpdesk.Approve, UserID: other.ID, RequestID: res.RequestID,
				Reason: "reden"}); !errors.Is(err, helpdesk.ErrNoRequest) {
				t.Fatalf("approving a request under another user: %v", err)
			}
		})
	}
}

// TestFourEyesPhoneSwap: the number proven when the swap is asked for is
// kept sealed; the approval starts the swap to that number and end date,
// by the approver, without asking for a code again.
func TestFourEyesPhoneSwap(t *testing.T) {
	for name, open := range storagetest.Backends() {
		t.Run(name, func(t *testing.T) {
			db := open(t)
			f := newFixture(t, db, true)
			ctx := context.Background()
			swaps, codes := &fakeSwaps{}, &fakeCodes{code: "123456"}
			f.svc.Swaps, f.svc.Codes = swaps, codes
			if _, err := f.factors.AddFactor(ctx, mfa.Factor{UserID: f.user.ID, Kind: mfa.KindSMS, Secret: "+31611112222"}); err != nil {
				t.Fatal(err)
			}
			const temp = "+31687654321"
			until := f.clock.Now().Add(5 * 24 * time.Hour).Truncate(time.Second)
			ask := func(code string) (helpdesk.Result, error) {
				return f.svc.Do(ctx, deskA, helpdesk.Request{Action: helpdesk.StartSwap, UserID: f.user.ID, Phone: temp,
					Until: until, Code: code, Reason: "reden", Ticket: "T-1"})
			}
			if _, err := ask("000000"); !errors.Is(err, helpdesk.ErrSwapCode) {
				t.Fatalf("a wrong code: %v", err)
			}
			res, err := ask("123456")
			if err != nil || !res.Pending || len(swaps.started) != 0 {
				t.Fatalf("request: %+v, %v, %d swaps", res, err, len(swaps.started))
			}
			if codes.binding != "helpdesk-swap:"+deskA.ID+":"+f.user.ID+":"+temp {
				t.Fatalf("the code was checked against %q", codes.binding)
			}
			var raw string
			if err := db.QueryRowContext(ctx, `SELECT phone FROM helpdesk_actions WHERE id = $1`, res.RequestID).Scan(&raw); err != nil {
				t.Fatal(err)
			}
			if raw == "" || strings.Contains(raw, "87654321") {
				t.Fatalf("the number is not sealed in the table: %q", raw)
			}
			codes.code = "" // an approval asks no code
			if _, err := f.svc.Do(ctx, deskB, helpdesk.Request{Action: helpdesk.Approve, UserID: f.user.ID, RequestID: res.RequestID,
				Phone: "+31600000000", Reason: "teruggebeld"}); err != nil {
				t.Fatalf("approval: %v", err)
			}
			if len(swaps.started) != 1 {
				t.Fatalf("%d swaps started", len(swaps.started))
			}
			if s := swaps.started[0]; s.phone != temp || !s.until.Equal(until) || s.by != deskB.ID {
				t.Fatalf("swap started as %+v; want %s until %v by %s", s, temp, until, deskB.ID)
			}

			// Without four eyes the same request starts the swap at once.
			f2 := newFixture(t, open(t), false)
			swaps2 := &fakeSwaps{}
			f2.svc.Swaps, f2.svc.Codes = swaps2, &fakeCodes{code: "123456"}
			if _, err := f2.factors.AddFactor(ctx, mfa.Factor{UserID: f2.user.ID, Kind: mfa.KindSMS, Secret: "+31611112222"}); err != nil {
				t.Fatal(err)
			}
			res, err = f2.svc.Do(ctx, deskA, helpdesk.Request{Action: helpdesk.StartSwap, UserID: f2.user.ID, Phone: temp,
				Code: "123456", Reason: "reden"})
			if err != nil || res.Pending || len(swaps2.started) != 1 || swaps2.started[0].phone != temp {
				t.Fatalf("without four eyes: %+v, %v, %+v", res, err, swaps2.started)
			}
		})
	}
}

// TestSealedNumberIsBoundToItsRequest: a sealed number copied into another
// request does not open.
func TestSealedNumberIsBoundToItsRequest(t *testing.T) {
	db := storagetest.OpenSQLite(t)
	f := newFixture(t, db, true)
	ctx := context.Background()
	a, err := f.svc.Store.Request(ctx, helpdesk.Record{ActorID: "desk-a", UserID: f.user.ID, OrgID: f.org.ID,
		Action: helpdesk.StartSwap, Phone: "+31611111111", Reason: "r"}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	b, err := f.svc.Store.Request(ctx, helpdesk.Record{ActorID: "desk-a", UserID: f.user.ID, OrgID: f.org.ID,
		Action: helpdesk.EndSwap, Reason: "r"}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := f.svc.Store.Live(ctx, a.ID, time.Hour); err != nil || got.Phone != "+31611111111" {
		t.Fatalf("Live = %+v, %v", got, err)
	}
	if _, err := db.ExecContext(ctx, `UPDATE helpdesk_actions SET phone = (SELECT phone FROM helpdesk_actions WHERE id = $1) WHERE id = $2`, a.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Store.Live(ctx, b.ID, time.Hour); err == nil {
		t.Fatal("a sealed number opened in another row")
	}
}

type startedSwap struct {
	phone, by string
	until     time.Time
}

// fakeSwaps records the swaps started; the user has an SMS factor.
type fakeSwaps struct{ started []startedSwap }

func (s *fakeSwaps) Active(context.Context, string) (phoneswap.Swap, error) {
	return phoneswap.Swap{}, phoneswap.ErrNoSwap
}

func (s *fakeSwaps) Start(_ context.Context, userID, phone string, until time.Time, by string) (phoneswap.Swap, error) {
	s.started = append(s.started, startedSwap{phone: phone, by: by, until: until})
	return phoneswap.Swap{UserID: userID}, nil
}

func (s *fakeSwaps) End(context.Context, string, string) error { return phoneswap.ErrNoSwap }

// fakeCodes accepts code for any binding and remembers the last binding.
type fakeCodes struct{ code, binding string }

func (c *fakeCodes) SendSwapCode(context.Context, account.User, string, string) error { return nil }

func (c *fakeCodes) VerifySwapCode(_ context.Context, binding, code string) error {
	c.binding = binding
	if c.code == "" || code != c.code {
		return errors.New("wrong code")
	}
	return nil
}
