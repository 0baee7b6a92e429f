package account_test

import (
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// TestMigrationProvesAddressesOfExistingUsers: migration 0013 marks a user
// who accepted an invitation as proven by it, one who used a password
// reset link by that, and leaves everyone else unproven.
func TestMigrationProvesAddressesOfExistingUsers(t *testing.T) {
	for name, open := range storagetest.Backends() {
		t.Run(name, func(t *testing.T) {
			db := open(t, storagetest.SchemaBefore(t, storage.Schema, "0013"))
			ctx := t.Context()
			at := func(d time.Duration) int64 { return storage.Micros(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(d)) }
			exec := func(q string, args ...any) {
				t.Helper()
				if _, err := db.ExecContext(ctx, q, args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			exec(`INSERT INTO orgs (id, name, domain, allowed_factors, password_min_length, session_idle_us, session_absolute_us,
				stay_logged_in_us, created_at, updated_at) VALUES ('o', 'Oud BV', 'werkgever', 'totp', 10, 1, 1, 1, 0, 0)`)
			for _, id := range []string{"invited", "reset", "both", "operator", "pending"} {
				exec(`INSERT INTO users (id, email, email_lower, name, org_id, status, created_at, updated_at)
					VALUES ($1, $2, $2, 'X', 'o', 'active', 0, 0)`, id, id+"@oud.example")
			}
			token := func(id, kind, user string, used int64) {
				exec(`INSERT INTO account_tokens (id, kind, user_id, token_hash, created_at, expires_at, used_at)
					VALUES ($1, $2, $3, $1, 0, 1, $4)`, id, kind, user, used)
			}
			token("t1", "invitation", "invited", at(time.Hour))
			token("t2", "password_reset", "reset", at(2*time.Hour))
			token("t3", "password_reset", "reset", at(3*time.Hour))
			token("t4", "password_reset", "both", at(5*time.Hour))
			token("t5", "invitation", "both", at(4*time.Hour))
			token("t6", "invitation", "pending", 0) // sent, never accepted
			if _, err := db.Migrate(ctx, storage.Schema); err != nil {
				t.Fatal(err)
			}
			store := account.NewSQLStore(db)
			for id, want := range map[string]struct {
				by account.EmailProof
				at int64
			}{
				"invited":  {account.EmailByInvitation, at(time.Hour)},
				"reset":    {account.EmailByReset, at(3 * time.Hour)},
				"both":     {account.EmailByInvitation, at(4 * time.Hour)},
				"operator": {"", 0},
				"pending":  {"", 0},
			} {
				u, err := store.GetUser(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if u.EmailVerifiedBy != want.by || storage.Micros(u.EmailVerifiedAt) != want.at || u.EmailVerified() != (want.by != "") {
					t.Errorf("%s: verified %v by %q at %v; want by %q", id, u.EmailVerified(), u.EmailVerifiedBy, u.EmailVerifiedAt, want.by)
				}
			}
			// The new kind of link is accepted.
			token("t7", "email_confirmation", "operator", 0)
		})
	}
}
