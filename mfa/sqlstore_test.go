package mfa_test

import (
	"database/sql"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/mfa/mfatest"
	"github.com/mijnaccount/mijnaccount/secretbox"
	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

func testKeys(t *testing.T, id string) secretbox.Keyring {
	t.Helper()
	key, err := secretbox.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	keys, err := secretbox.ParseKeyring(id + ":" + base64.StdEncoding.EncodeToString(key))
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func env(t *testing.T, db *storage.DB) mfatest.Env {
	accounts := account.NewSQLStore(db)
	org, err := accounts.CreateOrg(t.Context(), account.Org{Name: "Test BV", Domain: account.Werkgever})
	if err != nil {
		t.Fatal(err)
	}
	return mfatest.Env{
		Store: mfa.NewSQLStore(db, testKeys(t, "k1"), time.Now),
		NewUser: func(t *testing.T) string {
			u, err := accounts.CreateUser(t.Context(), account.User{
				Email: storage.RandomString(8) + "@example.nl", Name: "Test", OrgID: org.ID, Status: account.StatusActive,
			}, nil)
			if err != nil {
				t.Fatal(err)
			}
			return u.ID
		},
	}
}

func TestSQLStore(t *testing.T) {
	for name, open := range storagetest.Backends() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			mfatest.RunStoreTests(t, func(t *testing.T) mfatest.Env { return env(t, open(t)) })
		})
	}
}

// TestSecretsSealedAtRest reads the raw rows: neither the TOTP secret nor the
// phone number is stored in clear, and a sealed value moved to another row
// does not open.
func TestSecretsSealedAtRest(t *testing.T) {
	db := storagetest.OpenSQLite(t)
	e := env(t, db)
	u := e.NewUser(t)
	a, err := e.Store.AddFactor(t.Context(), mfa.Factor{UserID: u, Kind: mfa.KindSMS, Secret: "+31612345678"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.Store.AddFactor(t.Context(), mfa.Factor{UserID: u, Kind: mfa.KindTOTP, Secret: "JBSWY3DPEHPK3PXP"})
	if err != nil {
		t.Fatal(err)
	}
	var raw string
	if err := db.QueryRowContext(t.Context(), `SELECT secret FROM factors WHERE id = $1`, a.ID).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if raw == "" || strings.Contains(raw, "612345678") {
		t.Fatalf("phone stored as %q", raw)
	}
	if _, err := db.ExecContext(t.Context(), `UPDATE factors SET secret = $1 WHERE id = $2`, raw, b.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Store.GetFactor(t.Context(), u, b.ID); err == nil {
		t.Fatal("a sealed secret copied into another row opened")
	}
	if _, err := e.Store.GetFactor(t.Context(), u, a.ID); err != nil {
		t.Fatalf("original row: %v", err)
	}
	// Unknown-key ciphertext is an error, not an empty secret.
	if _, err := mfa.NewSQLStore(db, testKeys(t, "k2"), time.Now).GetFactor(t.Context(), u, a.ID); err == nil || errors.Is(err, sql.ErrNoRows) {
		t.Fatalf("factor opened without its key: %v", err)
	}
}
