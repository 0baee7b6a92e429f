package billing_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/billing"
)

// seedNovember records messages in every organisation of the fixture, most
// of them in November 2026, with their status events.
func seedNovember(f *fixture) {
	at := func(d, h int) time.Time { return local(2026, 11, d, h, 0, 0) }
	p := f.send(msg{org: "hold", purpose: "login", segments: 1, tariff: 8, at: at(2, 9)})
	f.event(p, "sent", at(2, 9).Add(time.Second))
	f.event(p, "delivered", at(2, 9).Add(2*time.Second))
	p = f.send(msg{org: "hold", purpose: "login", segments: 3, tariff: 8, status: "sent", at: at(3, 9)})
	f.event(p, "undelivered", at(3, 9).Add(time.Minute))
	f.send(msg{org: "hold", purpose: "enrol", segments: 2, tariff: 7, status: "accepted", at: at(4, 9)})

	p = f.send(msg{org: "noord", purpose: "login", segments: 1, tariff: 8, at: at(5, 9)})
	f.event(p, "failed", at(5, 9).Add(time.Second))
	p = f.send(msg{org: "noord", purpose: "phone-change", segments: 2, tariff: 8, at: at(6, 9)})
	f.event(p, "delivered", at(6, 9).Add(time.Second))

	p = f.send(msg{org: "team", purpose: "login", segments: 3, tariff: 7, at: at(7, 9)})
	f.event(p, "delivered", at(7, 9).Add(time.Second))
	p = f.send(msg{org: "team", purpose: "login", segments: 1, tariff: 7, at: at(8, 9)})
	f.event(p, "canceled", at(8, 9).Add(time.Second))

	p = f.send(msg{org: "zuid", purpose: "login", segments: 2, tariff: 9, at: at(9, 9)})
	f.event(p, "delivered", at(9, 9).Add(time.Second))
	p = f.send(msg{org: "kliniek", purpose: "enrol", segments: 1, tariff: 9, at: at(10, 9)})
	f.event(p, "sent", at(10, 9).Add(time.Second))
	// 23:30 UTC on 31 October is 00:30 on 1 November in Amsterdam.
	p = f.send(msg{org: "kliniek", purpose: "login", segments: 4, tariff: 9, at: time.Date(2026, 10, 31, 23, 30, 0, 0, time.UTC)})
	f.event(p, "delivered", time.Date(2026, 10, 31, 23, 30, 5, 0, time.UTC))

	// Delivered reported before sent: still delivered.
	p = f.send(msg{org: "solo", purpose: "login", segments: 2, tariff: 8, at: at(11, 9)})
	f.event(p, "delivered", at(11, 9).Add(time.Second))
	f.event(p, "sent", at(11, 9).Add(2*time.Second))

	// Outside November: the last second of October and the first of
	// December, in Amsterdam.
	f.send(msg{org: "hold", purpose: "login", segments: 1, tariff: 8, at: time.Date(2026, 10, 31, 22, 59, 59, 0, time.UTC)})
	f.send(msg{org: "solo", purpose: "login", segments: 1, tariff: 8, at: time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC)})
}

// November's expected usage, per customer.
var (
	novHold = []wantOrg{
		{"hold", "Arbo Holding", []billing.PurposeReport{
			purpose("login", tot(2, 4, 32, 1, 1)), // 1×8 + 3×8
			purpose("enrol", tot(1, 2, 14, 0, 0)), // 2×7
		}, tot(3, 6, 46, 1, 1)},
		{"noord", "Arbo Noord", []billing.PurposeReport{
			purpose("login", tot(1, 1, 8, 0, 1)),
			purpose("phone-change", tot(1, 2, 16, 1, 0)),
		}, tot(2, 3, 24, 1, 1)},
		{"team", "Noord Team 1", []billing.PurposeReport{
			purpose("login", tot(2, 4, 28, 1, 0)), // 3×7 + 1×7, one canceled
		}, tot(2, 4, 28, 1, 0)},
	}
	novZuid = []wantOrg{
		{"zuid", "Arbo Zuid", []billing.PurposeReport{purpose("login", tot(1, 2, 18, 1, 0))}, tot(1, 2, 18, 1, 0)},
		{"kliniek", "Arbo Kliniek", []billing.PurposeReport{
			purpose("login", tot(1, 4, 36, 1, 0)),
			purpose("enrol", tot(1, 1, 9, 0, 0)),
		}, tot(2, 5, 45, 1, 0)},
	}
	novSolo = []wantOrg{
		{"solo", "Werkgever Solo", []billing.PurposeReport{purpose("login", tot(1, 2, 16, 1, 0))}, tot(1, 2, 16, 1, 0)},
	}
)

func TestMonthReportTree(t *testing.T) {
	eachBackend(t, local(2026, 11, 20, 12, 0, 0), func(t *testing.T, f *fixture) {
		seedNovember(f)
		r := f.monthReport("2026-11", "")
		if r.Month != "2026-11" || r.Closed || !r.ClosedAt.IsZero() {
			t.Errorf("report month %q closed %v at %v", r.Month, r.Closed, r.ClosedAt)
		}
		if !r.From.Equal(local(2026, 11, 1, 0, 0, 0)) || !r.To.Equal(local(2026, 12, 1, 0, 0, 0)) {
			t.Errorf("report from %s to %s", r.From, r.To)
		}
		if len(r.Customers) != 3 {
			t.Fatalf("customers %v, want hold, zuid, solo", customerIDs(r.Customers))
		}
		for i, want := range []struct {
			id, name string
			orgs     []wantOrg
			total    billing.Totals
		}{
			{"hold", "Arbo Holding", novHold, tot(7, 13, 98, 3, 2)},
			{"zuid", "Arbo Zuid", novZuid, tot(3, 7, 63, 2, 0)},
			{"solo", "Werkgever Solo", novSolo, tot(1, 2, 16, 1, 0)},
		} {
			c := r.Customers[i]
			if c.CustomerID != want.id || c.CustomerName != want.name {
				t.Errorf("customer[%d] = %s %q, want %s %q", i, c.CustomerID, c.CustomerName, want.id, want.name)
				continue
			}
			checkOrgs(t, want.id, c.Orgs, want.orgs)
			checkTotals(t, want.id+" total", c.Total, want.total)
			if len(c.Adjustments) != 0 || c.AdjustmentTotal != (billing.Totals{}) {
				t.Errorf("%s adjustments %+v in a month without closed months before it", want.id, c.Adjustments)
			}
		}
		checkTotals(t, "report total", r.Total, tot(11, 22, 177, 6, 2))

		// One customer.
		z := f.monthReport("2026-11", "zuid")
		if len(z.Customers) != 1 || z.Customers[0].CustomerID != "zuid" {
			t.Fatalf("zuid report customers %v", customerIDs(z.Customers))
		}
		checkOrgs(t, "zuid only", z.Customers[0].Orgs, novZuid)
		checkTotals(t, "zuid only total", z.Total, tot(3, 7, 63, 2, 0))

		// The months around it hold the boundary messages.
		oct := f.monthReport("2026-10", "")
		if len(oct.Customers) != 1 {
			t.Fatalf("October customers %v, want hold", customerIDs(oct.Customers))
		}
		checkOrgs(t, "October", oct.Customers[0].Orgs, []wantOrg{
			{"hold", "Arbo Holding", []billing.PurposeReport{purpose("login", tot(1, 1, 8, 0, 0))}, tot(1, 1, 8, 0, 0)}})
		dec := f.monthReport("2026-12", "")
		if len(dec.Customers) != 1 || dec.Customers[0].CustomerID != "solo" {
			t.Errorf("December customers %v, want solo", customerIDs(dec.Customers))
		}

		// The org-admin view: one organisation and what app or key would save.
		team, ok := r.Org("team")
		if !ok || team.Total.AmountCents != 28 {
			t.Errorf("Org(team) = %+v, %v", team, ok)
		}

		// Unknown customer, month without messages.
		if e := f.monthReport("2026-11", "nope"); len(e.Customers) != 0 || e.Total != (billing.Totals{}) {
			t.Errorf("unknown customer report %+v", e)
		}
		if e := f.monthReport("2027-05", ""); len(e.Customers) != 0 || e.Customers == nil {
			t.Errorf("empty month customers %#v, want an empty list", e.Customers)
		}
		for _, bad := range []string{"", "2026-13", "2026-1", "26-11", "2026-11-01", "november"} {
			if _, err := f.svc.MonthReport(t.Context(), bad, ""); !errors.Is(err, billing.ErrInvalid) {
				t.Errorf("MonthReport(%q): err = %v, want ErrInvalid", bad, err)
			}
		}
	})
}

// Each message alone, through a range report one microsecond wide.
func TestDeliveryOutcomes(t *testing.T) {
	eachBackend(t, local(2026, 11, 20, 12, 0, 0), func(t *testing.T, f *fixture) {
		base := local(2026, 11, 2, 9, 0, 0)
		s := func(k int) time.Duration { return time.Duration(k) * time.Second }
		cases := []struct {
			name    string
			initial string
			events  []string // status@seconds after sending, in insertion order
			want    billing.Totals
		}{
			{"delivered, then a late sent", "queued", []string{"delivered@2", "sent@5"}, tot(1, 1, 8, 1, 0)},
			{"sent reported after delivered was received earlier", "queued", []string{"sent@9", "delivered@3"}, tot(1, 1, 8, 1, 0)},
			{"undelivered first, delivered later", "queued", []string{"delivered@9", "undelivered@4"}, tot(1, 1, 8, 0, 1)},
			{"two final at the same time: by name", "queued", []string{"failed@4", "delivered@4"}, tot(1, 1, 8, 1, 0)},
			{"final initial status wins", "failed", []string{"delivered@4"}, tot(1, 1, 8, 0, 1)},
			{"failed", "queued", []string{"sent@1", "failed@2"}, tot(1, 1, 8, 0, 1)},
			{"canceled first", "sent", []string{"canceled@1", "delivered@2"}, tot(1, 1, 8, 0, 0)},
			{"not final yet", "queued", []string{"sending@1", "sent@2"}, tot(1, 1, 8, 0, 0)},
			{"no events", "accepted", nil, tot(1, 1, 8, 0, 0)},
		}
		var want billing.Totals
		for i, c := range cases {
			at := base.Add(time.Duration(i) * time.Hour)
			p := f.send(msg{org: "solo", purpose: "login", segments: 1, tariff: 8, status: c.initial, at: at})
			for _, ev := range c.events {
				status, after, _ := strings.Cut(ev, "@")
				sec, err := strconv.Atoi(after)
				if err != nil {
					t.Fatalf("event %q: %v", ev, err)
				}
				f.event(p, status, at.Add(s(sec)))
			}
			// Reports about other messages, by provider id or provider.
			f.event("SM-unknown-"+strconv.Itoa(i), "failed", at.Add(s(1)))
			f.eventFrom("outbox", p, "failed", at.Add(s(1)))
			want = want.Add(c.want)
		}
		for i, c := range cases {
			at := base.Add(time.Duration(i) * time.Hour)
			r, err := f.svc.RangeReport(t.Context(), at, at.Add(time.Microsecond), "solo")
			if err != nil {
				t.Fatal(err)
			}
			checkTotals(t, c.name, r.Total, c.want)
		}
		checkTotals(t, "month", f.monthReport("2026-11", "solo").Total, want)
	})
}

func TestRangeReport(t *testing.T) {
	eachBackend(t, local(2026, 11, 20, 12, 0, 0), func(t *testing.T, f *fixture) {
		seedNovember(f)
		// 31 October and 1 November in Amsterdam: one hold login on each
		// side of the month boundary, merged into one line, and the
		// kliniek login at 00:30 on 1 November.
		from, to := local(2026, 10, 31, 0, 0, 0), local(2026, 11, 2, 23, 59, 59)
		r, err := f.svc.RangeReport(t.Context(), from, to, "")
		if err != nil {
			t.Fatal(err)
		}
		if r.Month != "" || r.Closed || !r.From.Equal(from) || !r.To.Equal(to) {
			t.Errorf("range report header %q %v %s %s", r.Month, r.Closed, r.From, r.To)
		}
		if len(r.Customers) != 2 {
			t.Fatalf("customers %v, want hold and zuid", customerIDs(r.Customers))
		}
		checkOrgs(t, "hold", r.Customers[0].Orgs, []wantOrg{
			{"hold", "Arbo Holding", []billing.PurposeReport{purpose("login", tot(2, 2, 16, 1, 0))}, tot(2, 2, 16, 1, 0)}})
		checkOrgs(t, "zuid", r.Customers[1].Orgs, []wantOrg{
			{"kliniek", "Arbo Kliniek", []billing.PurposeReport{purpose("login", tot(1, 4, 36, 1, 0))}, tot(1, 4, 36, 1, 0)}})
		checkTotals(t, "range total", r.Total, tot(3, 6, 52, 2, 0))

		only, err := f.svc.RangeReport(t.Context(), from, to, "zuid")
		if err != nil || len(only.Customers) != 1 || only.Customers[0].CustomerID != "zuid" {
			t.Errorf("range report for zuid: %v %v", customerIDs(only.Customers), err)
		}
		for _, bad := range [][2]time.Time{{to, from}, {from, from}, {time.Time{}, to}, {from, time.Time{}}} {
			if _, err := f.svc.RangeReport(t.Context(), bad[0], bad[1], ""); !errors.Is(err, billing.ErrInvalid) {
				t.Errorf("RangeReport(%s, %s): err = %v, want ErrInvalid", bad[0], bad[1], err)
			}
		}
	})
}
