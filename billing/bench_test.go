package billing

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// benchAccounts names 1,000 organisations o0…o999 under 50 customers
// c0…c49 without an organisation table.
type benchAccounts struct{}

func (benchAccounts) GetOrg(_ context.Context, id string) (account.Org, error) {
	return account.Org{ID: id, Name: "Org " + id}, nil
}

func (benchAccounts) ListOrgs(context.Context) ([]account.Org, error) {
	orgs := make([]account.Org, 0, 1050)
	for i := range 50 {
		orgs = append(orgs, account.Org{ID: fmt.Sprintf("c%d", i), Name: fmt.Sprintf("Customer %02d", i), BillingCustomer: true})
	}
	for i := range 1000 {
		orgs = append(orgs, account.Org{ID: fmt.Sprintf("o%d", i), Name: fmt.Sprintf("Org %03d", i), ParentID: fmt.Sprintf("c%d", i/20)})
	}
	return orgs, nil
}

func (benchAccounts) BillingCustomerOf(_ context.Context, orgID string) (account.Org, error) {
	return account.Org{ID: orgID}, nil
}

const (
	benchMonthRows = 1_000_000 // ledger rows in the reported month, 2026-11
	benchOtherRows = 1_000_000 // ledger rows spread over January to October 2026
)

// seedBench fills the ledger on PostgreSQL with one INSERT … SELECT
// generate_series per table: benchMonthRows messages in November 2026 over
// 1,000 organisations of 50 customers, with a "sent" event for each and a
// final one for 97% (90% delivered, 5% undelivered, 2% failed), and
// benchOtherRows messages without events in the ten months before.
func seedBench(b *testing.B, db *storage.DB) {
	ctx := b.Context()
	nov, _, _ := MonthBounds("2026-11")
	jan, _, _ := MonthBounds("2026-01")
	start := time.Now()
	// Spread the month's rows evenly over its 30 days.
	step := int64(30*24*time.Hour/time.Microsecond) / benchMonthRows
	_, err := db.ExecContext(ctx, `INSERT INTO sms_ledger (id, org_id, customer_id, purpose, segments, provider, provider_id,
			status, created_at, updated_at, country_prefix, tariff_cents, billing_month)
		SELECT 'r' || g, 'o' || (g % 1000), 'c' || ((g % 1000) / 20),
			CASE WHEN g % 10 < 7 THEN 'login' WHEN g % 10 < 9 THEN 'enrol' ELSE 'phone-change' END,
			1 + g % 3, 'twilio', 'SM' || g, 'queued', CAST($1 AS BIGINT) + g * CAST($2 AS BIGINT), CAST($1 AS BIGINT) + g * CAST($2 AS BIGINT), '+31',
			CASE WHEN g % 7 = 0 THEN 7 ELSE 8 END, '2026-11'
		FROM generate_series(0, $3 - 1) AS g`, nov.UnixMicro(), step, benchMonthRows)
	if err != nil {
		b.Fatal(err)
	}
	_, err = db.ExecContext(ctx, `INSERT INTO sms_status_events (id, provider, provider_id, status, segments, error_code, received_at)
		SELECT 'es' || g, 'twilio', 'SM' || g, 'sent', 0, 0, CAST($1 AS BIGINT) + g * CAST($2 AS BIGINT) + 1000000
		FROM generate_series(0, $3 - 1) AS g`, nov.UnixMicro(), step, benchMonthRows)
	if err != nil {
		b.Fatal(err)
	}
	_, err = db.ExecContext(ctx, `INSERT INTO sms_status_events (id, provider, provider_id, status, segments, error_code, received_at)
		SELECT 'ef' || g, 'twilio', 'SM' || g,
			CASE WHEN g % 100 < 90 THEN 'delivered' WHEN g % 100 < 95 THEN 'undelivered' ELSE 'failed' END,
			0, 0, CAST($1 AS BIGINT) + g * CAST($2 AS BIGINT) + 5000000
		FROM generate_series(0, $3 - 1) AS g WHERE g % 100 < 97`, nov.UnixMicro(), step, benchMonthRows)
	if err != nil {
		b.Fatal(err)
	}
	perMonth := benchOtherRows / 10
	_, err = db.ExecContext(ctx, `INSERT INTO sms_ledger (id, org_id, customer_id, purpose, segments, provider, provider_id,
			status, created_at, updated_at, country_prefix, tariff_cents, billing_month)
		SELECT 'h' || g, 'o' || (g % 1000), 'c' || ((g % 1000) / 20), 'login', 1, 'twilio', 'SH' || g, 'queued',
			CAST($1 AS BIGINT), CAST($1 AS BIGINT), '+31', 8, '2026-' || lpad((1 + g / $2)::text, 2, '0')
		FROM generate_series(0, $3 - 1) AS g`, jan.UnixMicro(), perMonth, benchOtherRows)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d + %d ledger rows and their events in %s", benchMonthRows, benchOtherRows, time.Since(start).Round(time.Millisecond))
}

// BenchmarkMonthReport builds the November report over a million ledger
// rows on PostgreSQL, for every customer and for one (about 20,000 rows).
//
//	go test -run '^$' -bench MonthReport -benchtime 5x ./billing/
func BenchmarkMonthReport(b *testing.B) {
	db := storagetest.OpenPostgres(b)
	seedBench(b, db)
	clock := storagetest.NewClock(time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC))
	s := &Service{DB: db, Accounts: benchAccounts{}, Now: clock.Now}
	// October is closed with its 100,000 messages unresolved, so that
	// November's report looks for adjustments among them.
	start := time.Now()
	if _, err := s.Close(b.Context(), "2026-10"); err != nil {
		b.Fatal(err)
	}
	b.Logf("closed October (%d messages) in %s", benchOtherRows/10, time.Since(start).Round(time.Millisecond))
	explainUsage(b, db, "")
	explainUsage(b, db, "c7")

	b.Run("all-customers", func(b *testing.B) {
		for b.Loop() {
			r, err := s.MonthReport(b.Context(), "2026-11", "")
			if err != nil {
				b.Fatal(err)
			}
			if r.Total.Messages != benchMonthRows || len(r.Customers) != 50 {
				b.Fatalf("report has %d messages of %d customers", r.Total.Messages, len(r.Customers))
			}
		}
	})
	b.Run("one-customer", func(b *testing.B) {
		for b.Loop() {
			r, err := s.MonthReport(b.Context(), "2026-11", "c7")
			if err != nil {
				b.Fatal(err)
			}
			if r.Total.Messages != benchMonthRows/50 {
				b.Fatalf("report has %d messages", r.Total.Messages)
			}
		}
	})
	b.Run("closed-month", func(b *testing.B) {
		for b.Loop() {
			r, err := s.MonthReport(b.Context(), "2026-10", "")
			if err != nil {
				b.Fatal(err)
			}
			if !r.Closed || r.Total.Messages != benchOtherRows/10 {
				b.Fatalf("closed report has %d messages", r.Total.Messages)
			}
		}
	})
	b.Run("allow", func(b *testing.B) {
		if _, err := db.ExecContext(b.Context(), `INSERT INTO sms_budgets (customer_id, monthly_cents, stop_at_limit, updated_at)
			VALUES ('c7', 100000000, TRUE, 0) ON CONFLICT (customer_id) DO NOTHING`); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if err := s.Allow(b.Context(), "c7", s.Now()); err != nil {
				b.Fatal(err)
			}
		}
	})
	// Closing November once, for the record: it cannot be repeated.
	clock.Advance(24 * time.Hour)
	start = time.Now()
	if _, err := s.Close(b.Context(), "2026-11"); err != nil {
		b.Fatal(err)
	}
	b.Logf("closed November (%d messages) in %s", benchMonthRows, time.Since(start).Round(time.Millisecond))
}

// explainUsage logs PostgreSQL's plan for the month's usage query.
func explainUsage(b *testing.B, db *storage.DB, customerID string) {
	var p params
	where := `l.billing_month = ` + p.add("2026-11")
	if customerID != "" {
		where += ` AND l.customer_id = ` + p.add(customerID)
	}
	var query strings.Builder
	query.WriteString(`EXPLAIN ` + usageQuery(where, p.add(int64(noCutoff))))
	rows, err := db.QueryContext(b.Context(), query.String(), p...)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			b.Fatal(err)
		}
		plan = append(plan, l)
	}
	b.Logf("plan for customer %q:\n%s", customerID, strings.Join(plan, "\n"))
	if customerID != "" && !strings.Contains(strings.Join(plan, "\n"), "sms_ledger_month_customer") {
		b.Errorf("the report for one customer does not use index sms_ledger_month_customer")
	}
}
