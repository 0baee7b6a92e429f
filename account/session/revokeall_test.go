package session

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/mijnaccount/mijnaccount/storage/memkv"
)

// TestRevokeAllRunsItsHooks: the hooks hear the user after the sessions
// ended, also when none was left, and their error is RevokeAll's.
func TestRevokeAllRunsItsHooks(t *testing.T) {
	m := newManager(t, memkv.New(nil), nil, false)
	var heard []string
	var fail error
	m.OnRevokeAll(func(_ context.Context, userID string) error {
		heard = append(heard, userID)
		return fail
	})
	start(t, m, &browser{cookies: map[string]*http.Cookie{}}, "u1", false)
	if n, err := m.RevokeAll(t.Context(), "u1", ""); n != 1 || err != nil {
		t.Fatalf("RevokeAll = %d, %v", n, err)
	}
	if n, err := m.RevokeAll(t.Context(), "u2", ""); n != 0 || err != nil {
		t.Fatalf("RevokeAll without sessions = %d, %v", n, err)
	}
	if !slices.Equal(heard, []string{"u1", "u2"}) {
		t.Fatalf("hooks heard %v", heard)
	}
	fail = errors.New("token store down")
	if _, err := m.RevokeAll(t.Context(), "u1", ""); !errors.Is(err, fail) {
		t.Fatalf("a failing hook must fail RevokeAll: %v", err)
	}
}
