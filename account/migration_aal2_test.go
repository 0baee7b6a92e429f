package account_test

import (
	"context"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// Organisations stored with lifetimes past the AAL2 limits (the old 30-day
// "stay logged in" default, or an operator's choice) are brought within them.
func TestMigrationBringsStoredPoliciesWithinAAL2Limits(t *testing.T) {
	const h = int64(time.Hour / time.Microsecond)
	for name, open := range storagetest.Backends() {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db := open(t, storagetest.SchemaBefore(t, storage.Schema, "0016"))
			rows := map[string][3]int64{ // idle, absolute, stay (µs)
				"old-defaults": {h / 2, 12 * h, 30 * 24 * h},
				"too-long":     {3 * h, 72 * h, 90 * 24 * h},
				"within":       {h / 4, 8 * h, 20 * h},
			}
			for id, v := range rows {
				if _, err := db.ExecContext(ctx, `INSERT INTO orgs (id, name, domain, allowed_factors, password_min_length,
					session_idle_us, session_absolute_us, stay_logged_in_us, created_at, updated_at)
					VALUES ($1, $2, 'werkgever', 'sms,totp', 10, $3, $4, $5, 1, 1)`, id, id, v[0], v[1], v[2]); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := db.Migrate(ctx, storage.Schema); err != nil {
				t.Fatal(err)
			}
			store := account.NewSQLStore(db)
			for id, want := range map[string][3]time.Duration{
				"old-defaults": {30 * time.Minute, 12 * time.Hour, 12 * time.Hour},
				"too-long":     {time.Hour, 24 * time.Hour, 24 * time.Hour},
				"within":       {15 * time.Minute, 8 * time.Hour, 20 * time.Hour},
			} {
				o, err := store.GetOrg(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if got := [3]time.Duration{o.SessionIdle, o.SessionAbsolute, o.StayLoggedIn}; got != want {
					t.Errorf("%s: idle/absolute/stay = %v, want %v", id, got, want)
				}
				if err := account.ValidateOrg(o); err != nil {
					t.Errorf("%s is not valid after the migration: %v", id, err)
				}
			}
		})
	}
}
