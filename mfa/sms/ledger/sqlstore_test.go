package ledger_test

import (
	"testing"

	"github.com/mijnaccount/mijnaccount/mfa/sms/ledger"
	"github.com/mijnaccount/mijnaccount/mfa/sms/ledger/ledgertest"
	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// TestSQLStore runs the conformance suite on every SQL backend, each
// sub-test on a fresh database.
func TestSQLStore(t *testing.T) {
	for name, open := range storagetest.Backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ledgertest.RunStoreTests(t, func(t *testing.T) (ledger.Store, ledgertest.RawRow) {
				db := open(t)
				return ledger.NewSQLStore(db), rawRow(db)
			})
		})
	}
}

// rawRow reads sms_ledger with its own query, not through SQLStore.
func rawRow(db *storage.DB) ledgertest.RawRow {
	return func(t *testing.T, provider, providerID string) ledger.Entry {
		t.Helper()
		var e ledger.Entry
		var created, updated int64
		err := db.QueryRowContext(t.Context(), `SELECT id, org_id, customer_id, purpose, segments, provider, provider_id,
			status, country_prefix, tariff_cents, billing_month, created_at, updated_at
			FROM sms_ledger WHERE provider = $1 AND provider_id = $2`, provider, providerID).Scan(
			&e.ID, &e.OrgID, &e.CustomerID, &e.Purpose, &e.Segments, &e.Provider, &e.ProviderID,
			&e.Status, &e.CountryPrefix, &e.TariffCents, &e.BillingMonth, &created, &updated)
		if err != nil {
			t.Fatalf("read the sms_ledger row of %s %s: %v", provider, providerID, err)
		}
		e.CreatedAt, e.UpdatedAt = storage.FromMicros(created), storage.FromMicros(updated)
		return e
	}
}
