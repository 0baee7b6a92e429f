package billing_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/billing"
)

func sha(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

func TestCloseMonth(t *testing.T) {
	eachBackend(t, local(2026, 11, 5, 10, 0, 0), func(t *testing.T, f *fixture) {
		ctx := t.Context()
		oct := func(d int) time.Time { return local(2026, 10, d, 9, 0, 0) }
		o1 := f.send(msg{org: "hold", purpose: "login", segments: 2, tariff: 8, at: oct(1)})
		f.event(o1, "delivered", oct(1).Add(time.Second))
		o2 := f.send(msg{org: "hold", purpose: "login", segments: 1, tariff: 8, at: oct(2)})
		f.event(o2, "sent", oct(2).Add(time.Second))
		o3 := f.send(msg{org: "noord", purpose: "enrol", segments: 3, tariff: 7, at: oct(3)})
		o4 := f.send(msg{org: "zuid", purpose: "login", segments: 1, tariff: 9, at: oct(4)})
		o5 := f.send(msg{org: "team", purpose: "login", segments: 1, tariff: 8, at: oct(5)})
		// Delivered after October ended but before it was closed: counted
		// in October's statement, not as an adjustment.
		// Failed when accepted: a later delivered report changes nothing.
		o8 := f.send(msg{org: "zuid", purpose: "login", segments: 1, tariff: 9, status: "undelivered", at: oct(7)})
		o7 := f.send(msg{org: "kliniek", purpose: "enrol", segments: 2, tariff: 9, at: oct(6)})
		o6 := f.send(msg{org: "noord", purpose: "login", segments: 1, tariff: 8, at: local(2026, 10, 31, 23, 59, 0)})
		f.event(o6, "delivered", local(2026, 11, 3, 8, 0, 0))

		// November has not ended.
		_, err := f.svc.Close(ctx, "2026-11")
		if !errors.Is(err, billing.ErrInvalid) ||
			err.Error() != "billing: month 2026-11 has not ended; it can be closed from 2026-12-01 00:00 Europe/Amsterdam" {
			t.Errorf("closing November on 5 November: %v", err)
		}
		if _, err := f.svc.Statements(ctx, "2026-11", ""); !errors.Is(err, billing.ErrNotFound) {
			t.Errorf("statements of an open month: err = %v, want ErrNotFound", err)
		}

		closed, err := f.svc.Close(ctx, "2026-10")
		if err != nil {
			t.Fatal(err)
		}
		closeTime := local(2026, 11, 5, 10, 0, 0)
		if len(closed) != 2 || closed[0].CustomerID != "hold" || closed[1].CustomerID != "zuid" {
			t.Fatalf("statements for %d customers, want hold and zuid", len(closed))
		}
		hold := closed[0]
		if hold.Month != "2026-10" || !hold.ClosedAt.Equal(closeTime) || hold.CustomerName != "Arbo Holding" {
			t.Errorf("hold statement header %q %s %q", hold.Month, hold.ClosedAt, hold.CustomerName)
		}
		octHold := []wantOrg{
			{"hold", "Arbo Holding", []billing.PurposeReport{purpose("login", tot(2, 3, 24, 1, 0))}, tot(2, 3, 24, 1, 0)},
			{"noord", "Arbo Noord", []billing.PurposeReport{
				purpose("login", tot(1, 1, 8, 1, 0)),
				purpose("enrol", tot(1, 3, 21, 0, 0)),
			}, tot(2, 4, 29, 1, 0)},
			{"team", "Noord Team 1", []billing.PurposeReport{purpose("login", tot(1, 1, 8, 0, 0))}, tot(1, 1, 8, 0, 0)},
		}
		checkOrgs(t, "hold statement", hold.Orgs, octHold)
		checkTotals(t, "hold statement total", hold.Total, tot(5, 8, 61, 2, 0))
		// The hash, computed here from the documented canonical text.
		wantHold := sha("sms-statement v1\n" +
			"month \"2026-10\"\n" +
			"customer \"hold\"\n" +
			"usage \"hold\" \"login\" 2 3 24 1 0\n" +
			"usage \"noord\" \"enrol\" 1 3 21 0 0\n" +
			"usage \"noord\" \"login\" 1 1 8 1 0\n" +
			"usage \"team\" \"login\" 1 1 8 0 0\n")
		if hold.SHA256 != wantHold || hold.Hash() != wantHold {
			t.Errorf("hold statement hash %s (recomputed %s), want %s", hold.SHA256, hold.Hash(), wantHold)
		}
		wantZuid := sha("sms-statement v1\nmonth \"2026-10\"\ncustomer \"zuid\"\n" +
			"usage \"kliniek\" \"enrol\" 1 2 18 0 0\n" +
			"usage \"zuid\" \"login\" 2 2 18 0 1\n")
		if closed[1].SHA256 != wantZuid {
			t.Errorf("zuid statement hash %s, want %s", closed[1].SHA256, wantZuid)
		}
		stored, err := f.svc.Statements(ctx, "2026-10", "")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(stored, closed) {
			t.Errorf("stored statements differ from those returned by Close:\n%+v\n%+v", stored, closed)
		}

		// Closing again is refused; nothing changes.
		if _, err := f.svc.Close(ctx, "2026-10"); !errors.Is(err, billing.ErrClosed) {
			t.Errorf("closing October again: err = %v, want ErrClosed", err)
		}
		before := f.monthReport("2026-10", "")
		if !before.Closed || !before.ClosedAt.Equal(closeTime) {
			t.Errorf("October report closed %v at %s", before.Closed, before.ClosedAt)
		}
		checkTotals(t, "closed October", before.Total, tot(8, 12, 97, 2, 1))

		// After the close: a late ledger row for October, late outcomes,
		// a renamed organisation and November traffic.
		f.setClock(local(2026, 11, 10, 12, 0, 0))
		f.event(o2, "delivered", local(2026, 11, 10, 12, 0, 0))
		f.event(o3, "failed", local(2026, 11, 11, 12, 0, 0))
		f.event(o5, "canceled", local(2026, 11, 12, 12, 0, 0))
		f.event(o1, "failed", local(2026, 11, 12, 12, 0, 0)) // o1 was delivered: no change
		// Two final reports at the same moment: the first by name counts.
		f.event(o7, "failed", local(2026, 11, 15, 12, 0, 0))
		f.event(o7, "delivered", local(2026, 11, 15, 12, 0, 0))
		f.event(o8, "delivered", local(2026, 11, 16, 12, 0, 0))
		// Late events do not make the ledger disagree with the statements.
		if differ, err := f.svc.VerifyStatements(ctx, "2026-10"); err != nil || len(differ) != 0 {
			t.Errorf("VerifyStatements after late events = %v, %v; want none", differ, err)
		}
		f.send(msg{org: "hold", purpose: "login", segments: 5, tariff: 8, at: oct(20)})
		if _, err := f.accounts.UpdateOrg(ctx, "noord", func(o account.Org) (account.Org, error) {
			o.Name = "Arbo Noord-Oost"
			return o, nil
		}); err != nil {
			t.Fatal(err)
		}
		n1 := f.send(msg{org: "hold", purpose: "login", segments: 1, tariff: 8, at: local(2026, 11, 12, 9, 0, 0)})
		f.event(n1, "delivered", local(2026, 11, 12, 9, 0, 1))

		if after := f.monthReport("2026-10", ""); !reflect.DeepEqual(after, before) {
			t.Errorf("closed October changed:\nbefore %+v\nafter  %+v", before, after)
		}
		again, _ := f.svc.Statements(ctx, "2026-10", "")
		if !reflect.DeepEqual(again, closed) {
			t.Error("closed October statements changed")
		}
		if differ, err := f.svc.VerifyStatements(ctx, "2026-10"); err != nil || !slices.Equal(differ, []string{"hold"}) {
			t.Errorf("VerifyStatements after a late October row = %v, %v; want [hold]", differ, err)
		}

		// The late outcomes are November's adjustments.
		nov := f.monthReport("2026-11", "")
		if nov.Closed || len(nov.Customers) != 2 || nov.Customers[0].CustomerID != "hold" || nov.Customers[1].CustomerID != "zuid" {
			t.Fatalf("November customers %v, want hold and zuid", customerIDs(nov.Customers))
		}
		nh := nov.Customers[0]
		checkOrgs(t, "November usage", nh.Orgs, []wantOrg{
			{"hold", "Arbo Holding", []billing.PurposeReport{purpose("login", tot(1, 1, 8, 1, 0))}, tot(1, 1, 8, 1, 0)}})
		checkOrgs(t, "November adjustments", nh.Adjustments, []wantOrg{
			{"hold", "Arbo Holding", []billing.PurposeReport{purpose("login", tot(0, 0, 0, 1, 0))}, tot(0, 0, 0, 1, 0)},
			{"noord", "Arbo Noord-Oost", []billing.PurposeReport{purpose("enrol", tot(0, 0, 0, 0, 1))}, tot(0, 0, 0, 0, 1)},
		})
		checkTotals(t, "November adjustment total", nh.AdjustmentTotal, tot(0, 0, 0, 1, 1))
		nz := nov.Customers[1]
		if len(nz.Orgs) != 0 {
			t.Errorf("zuid November usage %+v, want none", nz.Orgs)
		}
		checkOrgs(t, "zuid November adjustments", nz.Adjustments, []wantOrg{
			{"kliniek", "Arbo Kliniek", []billing.PurposeReport{purpose("enrol", tot(0, 0, 0, 1, 0))}, tot(0, 0, 0, 1, 0)}})
		checkTotals(t, "November report total", nov.Total, tot(1, 1, 8, 1, 0))
		checkTotals(t, "November report adjustment total", nov.AdjustmentTotal, tot(0, 0, 0, 2, 1))
		// The closed month keeps the names it was closed with.
		if name := before.Customers[0].Orgs[1].OrgName; name != "Arbo Noord" {
			t.Errorf("closed October names noord %q, want the name at the close", name)
		}

		// Close November at the first possible moment; it freezes the
		// adjustments too.
		f.setClock(local(2026, 12, 1, 0, 0, 0))
		novClosed, err := f.svc.Close(ctx, "2026-11")
		if err != nil {
			t.Fatal(err)
		}
		if len(novClosed) != 2 || novClosed[0].CustomerID != "hold" || novClosed[1].CustomerID != "zuid" {
			t.Fatalf("November statements for %d customers, want hold and zuid", len(novClosed))
		}
		checkTotals(t, "zuid November statement adjustments", novClosed[1].AdjustmentTotal, tot(0, 0, 0, 1, 0))
		wantNov := sha("sms-statement v1\nmonth \"2026-11\"\ncustomer \"hold\"\n" +
			"usage \"hold\" \"login\" 1 1 8 1 0\n" +
			"adjustment \"hold\" \"login\" 0 0 0 1 0\n" +
			"adjustment \"noord\" \"enrol\" 0 0 0 0 1\n")
		if novClosed[0].SHA256 != wantNov {
			t.Errorf("November hash %s, want %s", novClosed[0].SHA256, wantNov)
		}
		novBefore := f.monthReport("2026-11", "")

		// zuid's October message is delivered in December: December's
		// adjustment; November stays as closed.
		f.setClock(local(2026, 12, 3, 9, 0, 0))
		f.event(o4, "delivered", local(2026, 12, 3, 9, 0, 0))
		f.send(msg{org: "team", purpose: "login", segments: 2, tariff: 8, at: local(2026, 12, 3, 9, 0, 0)})
		if novAfter := f.monthReport("2026-11", ""); !reflect.DeepEqual(novAfter, novBefore) {
			t.Error("closed November changed")
		}
		dec := f.monthReport("2026-12", "zuid")
		if len(dec.Customers) != 1 || len(dec.Customers[0].Orgs) != 0 {
			t.Fatalf("December for zuid: %+v", dec.Customers)
		}
		checkOrgs(t, "December adjustments", dec.Customers[0].Adjustments, []wantOrg{
			{"zuid", "Arbo Zuid", []billing.PurposeReport{purpose("login", tot(0, 0, 0, 1, 0))}, tot(0, 0, 0, 1, 0)}})

		// The bar chart: two closed months from their statements, December
		// live.
		months, err := f.svc.MonthlyTotals(ctx, "hold", 4)
		if err != nil {
			t.Fatal(err)
		}
		want := []billing.MonthTotal{
			{Month: "2026-09", Closed: false, Totals: tot(0, 0, 0, 0, 0)},
			{Month: "2026-10", Closed: true, Totals: tot(5, 8, 61, 2, 0)},
			{Month: "2026-11", Closed: true, Totals: tot(1, 1, 8, 1, 0)},
			{Month: "2026-12", Closed: false, Totals: tot(1, 2, 16, 0, 0)},
		}
		if !reflect.DeepEqual(months, want) {
			t.Errorf("MonthlyTotals(hold, 4) =\n%+v\nwant\n%+v", months, want)
		}
		all, _ := f.svc.MonthlyTotals(ctx, "", 2)
		if len(all) != 2 || all[0].Month != "2026-11" || all[0].Messages != 1 || all[1].Messages != 1 {
			t.Errorf("MonthlyTotals(all, 2) = %+v", all)
		}
		if _, err := f.svc.MonthlyTotals(ctx, "", 0); !errors.Is(err, billing.ErrInvalid) {
			t.Errorf("MonthlyTotals(0 months): err = %v", err)
		}
	})
}
