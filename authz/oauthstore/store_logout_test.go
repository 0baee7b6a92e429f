package oauthstore_test

import (
	"testing"

	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore/oauthstoretest"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// TestLogoutTargets runs the LogoutTargets sub-tests on every SQL backend,
// each on a fresh database.
func TestLogoutTargets(t *testing.T) {
	for name, open := range storagetest.Backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			oauthstoretest.RunLogoutTargetTests(t, func(t *testing.T) oauthstoretest.LogoutStore {
				return oauthstore.New(open(t), nil, oauthstore.WithSessionID(oauthstoretest.SessionID))
			})
		})
	}
}
