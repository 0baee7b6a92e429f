package ledger_test

import (
	"testing"

	"github.com/mijnaccount/mijnaccount/mfa/sms/ledger"
	"github.com/mijnaccount/mijnaccount/mfa/sms/ledger/ledgertest"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// TestSQLStore runs the conformance suite on every SQL backend, each
// sub-test on a fresh database.
func TestSQLStore(t *testing.T) {
	for name, open := range storagetest.Backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ledgertest.RunStoreTests(t, func(t *testing.T) ledger.Store {
				return ledger.NewSQLStore(open(t))
			})
		})
	}
}
