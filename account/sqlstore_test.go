package account_test

import (
	"testing"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/accounttest"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// TestSQLStore runs the conformance suite on every SQL backend, each
// sub-test on a fresh database.
func TestSQLStore(t *testing.T) {
	for name, open := range storagetest.Backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			accounttest.RunStoreTests(t, func(t *testing.T) account.Store {
				return account.NewSQLStore(open(t))
			})
		})
	}
}
