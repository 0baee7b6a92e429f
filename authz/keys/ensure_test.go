package keys_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"sync"
	"testing"

	"github.com/mijnaccount/mijnaccount/authz/keys"
)

func TestEnsureCreatesOneKeyPerAlgAndIsIdempotent(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		m := f.ensured(t)
		list, err := m.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 {
			t.Fatalf("want 2 keys, got %+v", list)
		}
		seen := map[string]keys.Key{}
		for _, k := range list {
			if k.State != keys.StateCurrent || k.CreatedAt.IsZero() || k.ActivatedAt.IsZero() || !k.RetiredAt.IsZero() {
				t.Errorf("key %+v", k)
			}
			if raw, err := base64.RawURLEncoding.DecodeString(k.ID); err != nil || len(raw) != 16 {
				t.Errorf("kid %q is not 16 bytes of base64url", k.ID)
			}
			seen[k.Alg] = k
		}
		ec, ok := seen[keys.AlgES256].Public.(*ecdsa.PublicKey)
		if !ok || ec.Curve != elliptic.P256() {
			t.Errorf("ES256 public key %T", seen[keys.AlgES256].Public)
		}
		rk, ok := seen[keys.AlgRS256].Public.(*rsa.PublicKey)
		if !ok || rk.N.BitLen() != 2048 {
			t.Errorf("RS256 public key %T", seen[keys.AlgRS256].Public)
		}

		if err := m.Ensure(ctx); err != nil {
			t.Fatal(err)
		}
		if err := f.manager().Ensure(ctx); err != nil {
			t.Fatal(err)
		}
		again, err := m.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(again) != 2 || again[0].ID != list[0].ID || again[1].ID != list[1].ID {
			t.Fatalf("Ensure is not idempotent: %+v then %+v", list, again)
		}
	})
}

func TestEnsureConcurrent(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		managers := []*keys.Manager{f.manager(), f.manager()}
		// Several rounds on an empty table, all goroutines released at once,
		// so that inserts really collide.
		for round := range 4 {
			if _, err := f.db.ExecContext(ctx, `DELETE FROM signing_keys`); err != nil {
				t.Fatal(err)
			}
			start := make(chan struct{})
			var wg sync.WaitGroup
			errs := make(chan error, 8)
			for i := range 8 {
				m := managers[i%2]
				wg.Go(func() {
					<-start
					errs <- m.Ensure(ctx)
				})
			}
			close(start)
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatalf("round %d: Ensure: %v", round, err)
				}
			}
			if n := countRows(t, f.db); n != 2 {
				t.Fatalf("round %d: %d keys, want 2", round, n)
			}
		}
		rows, err := f.db.QueryContext(ctx, `SELECT alg, state, COUNT(*) FROM signing_keys GROUP BY alg, state`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		got := map[string]int{}
		for rows.Next() {
			var alg, state string
			var n int
			if err := rows.Scan(&alg, &state, &n); err != nil {
				t.Fatal(err)
			}
			got[alg+"/"+state] = n
		}
		if len(got) != 2 || got["ES256/current"] != 1 || got["RS256/current"] != 1 {
			t.Fatalf("want one current key per alg, got %v", got)
		}
		a, b := kidsOf(jwks(t, managers[0])), kidsOf(jwks(t, managers[1]))
		if len(a) != 2 || len(b) != 2 {
			t.Fatalf("JWKS %v and %v", a, b)
		}
		for kid := range a {
			if _, ok := b[kid]; !ok {
				t.Fatalf("managers publish different keys: %v and %v", a, b)
			}
		}
	})
}

func TestSigningBeforeEnsureFails(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		_, _, err := f.manager().Signer(keys.AlgES256).Generate(context.Background(), claims(), nil)
		if !errors.Is(err, keys.ErrNoKey) {
			t.Fatalf("want ErrNoKey, got %v", err)
		}
	})
}
