package billing_test

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/billing"
	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// ams is loaded here rather than taken from the package, so that the tests
// check the package's month arithmetic against an independent source.
var ams = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		panic(err)
	}
	return loc
}()

// local returns a time in Europe/Amsterdam.
func local(y int, m time.Month, d, hh, mm, ss int) time.Time {
	return time.Date(y, m, d, hh, mm, ss, 0, ams)
}

// fixture is a migrated database with an organisation tree, a movable clock
// and a billing service on both.
//
//	hold    "Arbo Holding"   billing customer (top)
//	├─ noord "Arbo Noord"     billed to hold
//	│  └─ team "Noord Team 1" billed to hold
//	└─ zuid  "Arbo Zuid"      billing customer of its own
//	   └─ kliniek "Arbo Kliniek" billed to zuid
//	solo    "Werkgever Solo" top, not marked: a customer as the top of its tree
type fixture struct {
	t        *testing.T
	db       *storage.DB
	accounts *account.SQLStore
	clock    *storagetest.Clock
	svc      *billing.Service
}

var seq atomic.Int64

// eachBackend runs fn on a fresh fixture on SQLite and on PostgreSQL, with
// the clock at start.
func eachBackend(t *testing.T, start time.Time, fn func(t *testing.T, f *fixture)) {
	for name, open := range storagetest.Backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			db := open(t)
			clock := storagetest.NewClock(start)
			accounts := account.NewSQLStore(db)
			accounts.Now = clock.Now
			f := &fixture{t: t, db: db, accounts: accounts, clock: clock,
				svc: &billing.Service{DB: db, Accounts: accounts, Now: clock.Now}}
			f.org("hold", "Arbo Holding", "", true)
			f.org("noord", "Arbo Noord", "hold", false)
			f.org("team", "Noord Team 1", "noord", false)
			f.org("zuid", "Arbo Zuid", "hold", true)
			f.org("kliniek", "Arbo Kliniek", "zuid", false)
			f.org("solo", "Werkgever Solo", "", false)
			fn(t, f)
		})
	}
}

func (f *fixture) org(id, name, parent string, billingCustomer bool) {
	f.t.Helper()
	_, err := f.accounts.CreateOrg(f.t.Context(), account.Org{ID: id, Name: name, Domain: account.Arbodienst,
		ParentID: parent, BillingCustomer: billingCustomer})
	if err != nil {
		f.t.Fatalf("create org %s: %v", id, err)
	}
}

// setClock moves the clock forward to at.
func (f *fixture) setClock(at time.Time) {
	f.t.Helper()
	d := at.Sub(f.clock.Now())
	if d < 0 {
		f.t.Fatalf("clock cannot go back from %s to %s", f.clock.Now(), at)
	}
	f.clock.Advance(d)
}

// msg is a message as the SMS sender records it.
type msg struct {
	org      string
	purpose  string
	segments int
	tariff   int64
	status   string // initial status; "" is queued
	at       time.Time
}

// send inserts a ledger row with plain SQL, billed to the customer the
// organisation tree gives, in the Amsterdam month of m.at, and returns its
// provider id.
func (f *fixture) send(m msg) string {
	f.t.Helper()
	customer, err := f.accounts.BillingCustomerOf(f.t.Context(), m.org)
	if err != nil {
		f.t.Fatalf("customer of %s: %v", m.org, err)
	}
	if m.status == "" {
		m.status = "queued"
	}
	n := seq.Add(1)
	pid := fmt.Sprintf("SM%030d", n)
	us := m.at.UnixMicro()
	_, err = f.db.ExecContext(f.t.Context(), `INSERT INTO sms_ledger (id, org_id, customer_id, purpose, segments,
			provider, provider_id, status, created_at, updated_at, country_prefix, tariff_cents, billing_month)
		VALUES ($1, $2, $3, $4, $5, 'twilio', $6, $7, $8, $8, '+31', $9, $10)`,
		fmt.Sprintf("row-%d", n), m.org, customer.ID, m.purpose, m.segments, pid, m.status, us, m.tariff,
		m.at.In(ams).Format("2006-01"))
	if err != nil {
		f.t.Fatalf("insert ledger row: %v", err)
	}
	return pid
}

// event inserts a status event for a twilio message.
func (f *fixture) event(providerID, status string, received time.Time) {
	f.t.Helper()
	f.eventFrom("twilio", providerID, status, received)
}

func (f *fixture) eventFrom(provider, providerID, status string, received time.Time) {
	f.t.Helper()
	_, err := f.db.ExecContext(f.t.Context(), `INSERT INTO sms_status_events (id, provider, provider_id, status, segments,
			error_code, received_at) VALUES ($1, $2, $3, $4, 0, 0, $5)`,
		fmt.Sprintf("ev-%d", seq.Add(1)), provider, providerID, status, received.UnixMicro())
	if err != nil {
		f.t.Fatalf("insert status event: %v", err)
	}
}

// monthReport fails the test on error.
func (f *fixture) monthReport(month, customer string) billing.Report {
	f.t.Helper()
	r, err := f.svc.MonthReport(f.t.Context(), month, customer)
	if err != nil {
		f.t.Fatalf("MonthReport(%s, %q): %v", month, customer, err)
	}
	return r
}

// tot builds Totals in the order messages, segments, amount, delivered,
// failed.
func tot(messages, segments, amount, delivered, failed int64) billing.Totals {
	return billing.Totals{Messages: messages, Segments: segments, AmountCents: amount, Delivered: delivered, Failed: failed}
}

func purpose(name string, t billing.Totals) billing.PurposeReport {
	return billing.PurposeReport{Purpose: name, Totals: t}
}

// checkTotals compares two Totals field by field.
func checkTotals(t *testing.T, what string, got, want billing.Totals) {
	t.Helper()
	for _, c := range []struct {
		field     string
		got, want int64
	}{
		{"Messages", got.Messages, want.Messages},
		{"Segments", got.Segments, want.Segments},
		{"AmountCents", got.AmountCents, want.AmountCents},
		{"Delivered", got.Delivered, want.Delivered},
		{"Failed", got.Failed, want.Failed},
	} {
		if c.got != c.want {
			t.Errorf("%s: %s = %d, want %d", what, c.field, c.got, c.want)
		}
	}
}

// wantOrg is the expected usage of one organisation.
type wantOrg struct {
	id, name string
	purposes []billing.PurposeReport
	total    billing.Totals
}

// checkOrgs compares organisations in order, field by field.
func checkOrgs(t *testing.T, what string, got []billing.OrgReport, want []wantOrg) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d organisations %v, want %d", what, len(got), orgIDs(got), len(want))
		return
	}
	for i, w := range want {
		g := got[i]
		where := fmt.Sprintf("%s org[%d]", what, i)
		if g.OrgID != w.id || g.OrgName != w.name {
			t.Errorf("%s = %s %q, want %s %q", where, g.OrgID, g.OrgName, w.id, w.name)
			continue
		}
		checkTotals(t, where+" "+w.id+" total", g.Total, w.total)
		if len(g.Purposes) != len(w.purposes) {
			t.Errorf("%s %s: purposes %+v, want %+v", where, w.id, g.Purposes, w.purposes)
			continue
		}
		for j, wp := range w.purposes {
			if g.Purposes[j].Purpose != wp.Purpose {
				t.Errorf("%s %s purpose[%d] = %q, want %q", where, w.id, j, g.Purposes[j].Purpose, wp.Purpose)
				continue
			}
			checkTotals(t, where+" "+w.id+" "+wp.Purpose, g.Purposes[j].Totals, wp.Totals)
		}
	}
}

func orgIDs(orgs []billing.OrgReport) []string {
	var ids []string
	for _, o := range orgs {
		ids = append(ids, o.OrgID)
	}
	return ids
}

func customerIDs(cs []billing.CustomerReport) []string {
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.CustomerID)
	}
	return ids
}
