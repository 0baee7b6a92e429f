package oauthstoretest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// LogoutStore is a Store that also finds the clients to notify of a logout.
type LogoutStore interface {
	Store
	LogoutTargets(ctx context.Context, subject, sid string) ([]oauthstore.Client, error)
}

// RunLogoutTargetTests runs the sub-tests of LogoutTargets. newStore must
// return a new, empty store (migrations applied) on every call, configured
// with SessionID.
func RunLogoutTargetTests(t *testing.T, newStore func(t *testing.T) LogoutStore) {
	tests := []struct {
		name string
		run  func(t *testing.T, s LogoutStore)
	}{
		{"LogoutTargetsBySession", testLogoutTargetsBySession},
		{"LogoutTargetsBySubject", testLogoutTargetsBySubject},
		{"LogoutTargetsExpired", testLogoutTargetsExpired},
		{"LogoutTargetsAfterRevoke", testLogoutTargetsAfterRevoke},
		{"LogoutTargetsNeedsSubjectOrSession", testLogoutTargetsNeedsSubjectOrSession},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.run(t, newStore(t))
		})
	}
}

// logoutClient stores a valid client with id, with a back-channel logout URI
// when withURI is set.
func logoutClient(t *testing.T, s Store, id string, withURI bool) *oauthstore.Client {
	t.Helper()
	c := webClient(t, id)
	if withURI {
		c.BackchannelLogoutURI = "https://" + id + ".example.nl/backchannel-logout"
	}
	stored, err := s.CreateClient(ctx(t), c)
	if err != nil {
		t.Fatalf("CreateClient(%q): %v", id, err)
	}
	return &stored
}

// wantTargets checks that LogoutTargets(subject, sid) returns exactly the
// clients ids, in order, with their back-channel logout URIs.
func wantTargets(t *testing.T, s LogoutStore, subject, sid string, ids ...string) {
	t.Helper()
	got, err := s.LogoutTargets(ctx(t), subject, sid)
	must(t, "LogoutTargets("+subject+", "+sid+")", err)
	var gotIDs []string
	for _, c := range got {
		gotIDs = append(gotIDs, c.ID)
		if want := "https://" + c.ID + ".example.nl/backchannel-logout"; c.BackchannelLogoutURI != want {
			t.Errorf("LogoutTargets(%q, %q): client %s has back-channel URI %q, want %q",
				subject, sid, c.ID, c.BackchannelLogoutURI, want)
		}
	}
	if !slices.Equal(gotIDs, ids) {
		t.Fatalf("LogoutTargets(%q, %q) = %q, want %q", subject, sid, gotIDs, ids)
	}
}

func testLogoutTargetsBySession(t *testing.T, s LogoutStore) {
	web := logoutClient(t, s, "web", true)
	portal := logoutClient(t, s, "portal", true)
	plain := logoutClient(t, s, "plain", false)
	other := logoutClient(t, s, "other", true)
	// Login session s1 of u1 used web (two requests, one with a code) and
	// plain; session s2 of u1 used portal; u2 used other in s3.
	issue(t, s, web, "a", "u1", "s1", "code-a", hour())
	issue(t, s, web, "b", "u1", "s1", "", hour())
	issue(t, s, plain, "c", "u1", "s1", "", hour())
	issue(t, s, portal, "d", "u1", "s2", "", hour())
	issue(t, s, other, "e", "u2", "s3", "", hour())

	wantTargets(t, s, "u1", "s1", "web")
	wantTargets(t, s, "", "s1", "web")
	wantTargets(t, s, "u1", "s2", "portal")
	wantTargets(t, s, "u2", "s3", "other")
	wantTargets(t, s, "u2", "s1") // the session is not u2's
	wantTargets(t, s, "u1", "s-unknown")
}

func testLogoutTargetsBySubject(t *testing.T, s LogoutStore) {
	web := logoutClient(t, s, "web", true)
	portal := logoutClient(t, s, "portal", true)
	plain := logoutClient(t, s, "plain", false)
	other := logoutClient(t, s, "other", true)
	issue(t, s, web, "a", "u1", "s1", "code-a", hour())
	issue(t, s, plain, "b", "u1", "s1", "", hour())
	issue(t, s, portal, "c", "u1", "s2", "", hour())
	issue(t, s, web, "d", "u1", "s2", "", hour())
	issue(t, s, other, "e", "u2", "s3", "", hour())

	wantTargets(t, s, "u1", "", "portal", "web")
	wantTargets(t, s, "u2", "", "other")
	wantTargets(t, s, "u-unknown", "")
}

func testLogoutTargetsExpired(t *testing.T, s LogoutStore) {
	web := logoutClient(t, s, "web", true)
	stale := logoutClient(t, s, "stale", true)
	past := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
	issue(t, s, stale, "a", "u1", "s1", "code-a", past)
	issue(t, s, web, "b", "u1", "s1", "", past)
	issue(t, s, web, "c", "u1", "s1", "", hour())

	wantTargets(t, s, "u1", "s1", "web")
	wantTargets(t, s, "u1", "", "web")
}

// testLogoutTargetsAfterRevoke: a revoked refresh token is held until it
// expires, so its client is still found; deleted access tokens are not.
func testLogoutTargetsAfterRevoke(t *testing.T, s LogoutStore) {
	web := logoutClient(t, s, "web", true)
	api := logoutClient(t, s, "api", true)
	issue(t, s, web, "a", "u1", "s1", "", hour())
	must(t, "CreateAccessTokenSession", s.CreateAccessTokenSession(ctx(t), "at-only",
		newRequest(api, "b", newSession("u1", "s1", hour()))))
	wantTargets(t, s, "u1", "s1", "api", "web")

	must(t, "RevokeSession", s.RevokeSession(ctx(t), "s1"))
	wantRefresh(t, s, "rt-a", false)
	wantTargets(t, s, "u1", "s1", "web")
}

func testLogoutTargetsNeedsSubjectOrSession(t *testing.T, s LogoutStore) {
	web := logoutClient(t, s, "web", true)
	issue(t, s, web, "a", "u1", "s1", "", hour())
	if got, err := s.LogoutTargets(ctx(t), "", ""); err == nil {
		t.Fatalf("LogoutTargets(\"\", \"\") = %v, want an error", got)
	}
}
