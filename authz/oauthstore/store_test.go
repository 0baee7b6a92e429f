package oauthstore_test

import (
	"testing"

	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore/oauthstoretest"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// TestStore runs the conformance suite on every SQL backend, each sub-test on
// a fresh database.
func TestStore(t *testing.T) {
	for name, open := range storagetest.Backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			oauthstoretest.RunStoreTests(t, func(t *testing.T) oauthstoretest.Store {
				return oauthstore.New(open(t), nil, oauthstore.WithSessionID(oauthstoretest.SessionID))
			})
		})
	}
}
