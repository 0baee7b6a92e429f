package keys_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	gojwt "github.com/go-jose/go-jose/v3/jwt"

	"github.com/mijnaccount/mijnaccount/authz/keys"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

func kidOf(t *testing.T, token string) string {
	t.Helper()
	p, err := gojwt.ParseSigned(token)
	if err != nil {
		t.Fatal(err)
	}
	return p.Headers[0].KeyID
}

func TestRotateOverlapAndRetirement(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		m := f.ensured(t)
		s := m.Signer(keys.AlgES256)
		k0 := current(t, m, keys.AlgES256)
		rs := current(t, m, keys.AlgRS256)
		tok0 := sign(t, s)
		if kidOf(t, tok0) != k0.ID {
			t.Fatalf("signed with %q, want %q", kidOf(t, tok0), k0.ID)
		}

		k1, err := m.Rotate(ctx, keys.AlgES256)
		if err != nil {
			t.Fatal(err)
		}
		if k1.ID == k0.ID || k1.State != keys.StateCurrent || k1.Alg != keys.AlgES256 {
			t.Fatalf("Rotate returned %+v", k1)
		}
		set := kidsOf(jwks(t, m))
		if len(set) != 3 || set[k0.ID] != keys.AlgES256 || set[k1.ID] != keys.AlgES256 || set[rs.ID] != keys.AlgRS256 {
			t.Fatalf("JWKS after rotation: %v", set)
		}
		if _, err := s.Validate(ctx, tok0); err != nil {
			t.Fatalf("token signed before rotation: %v", err)
		}
		// The new key signs only once other processes can have published it.
		if kid := kidOf(t, sign(t, s)); kid != k0.ID {
			t.Fatalf("right after rotation signed with %q, want previous %q", kid, k0.ID)
		}
		f.clock.Advance(refresh)
		tok1 := sign(t, s)
		if kidOf(t, tok1) != k1.ID {
			t.Fatalf("after the refresh interval signed with %q, want %q", kidOf(t, tok1), k1.ID)
		}
		verifyWithJWKS(t, jwks(t, m), tok1)

		k2, err := m.Rotate(ctx, keys.AlgES256)
		if err != nil {
			t.Fatal(err)
		}
		set = kidsOf(jwks(t, m))
		if len(set) != 3 || set[k1.ID] == "" || set[k2.ID] == "" || set[k0.ID] != "" {
			t.Fatalf("JWKS after second rotation: %v", set)
		}
		if _, err := s.Validate(ctx, tok0); err == nil {
			t.Fatal("token of the retired key still validates")
		}
		if _, err := m.Verify(ctx, tok0); err == nil {
			t.Fatal("Verify accepts the retired key")
		}
		if _, err := s.Validate(ctx, tok1); err != nil {
			t.Fatalf("token of the previous key: %v", err)
		}

		states := map[string]keys.Key{}
		list, err := m.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range list {
			states[k.ID] = k
		}
		if len(list) != 4 || states[k0.ID].State != keys.StateRetired || states[k0.ID].RetiredAt.IsZero() ||
			states[k1.ID].State != keys.StatePrevious || states[k2.ID].State != keys.StateCurrent ||
			states[rs.ID].State != keys.StateCurrent {
			t.Fatalf("List: %+v", list)
		}
		var priv string
		if err := f.db.QueryRowContext(ctx, `SELECT private_key FROM signing_keys WHERE id = $1`, k0.ID).Scan(&priv); err != nil {
			t.Fatal(err)
		}
		if priv != "" {
			t.Fatal("retired key still has its private key")
		}

		if _, err := m.Rotate(ctx, "HS256"); !errors.Is(err, keys.ErrUnsupportedAlg) {
			t.Fatalf("Rotate(HS256): %v", err)
		}
	})
}

func TestSecondManagerSeesRotationAfterRefreshInterval(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		m1 := f.ensured(t)
		m2 := f.manager()
		k0 := current(t, m1, keys.AlgES256)
		if set := kidsOf(jwks(t, m2)); len(set) != 2 {
			t.Fatalf("m2 JWKS %v", set)
		}
		k1, err := m1.Rotate(ctx, keys.AlgES256)
		if err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(refresh - time.Second)
		if set := kidsOf(jwks(t, m2)); set[k1.ID] != "" {
			t.Fatal("m2 reloaded before the refresh interval")
		}
		if kid := kidOf(t, sign(t, m2.Signer(keys.AlgES256))); kid != k0.ID {
			t.Fatalf("m2 signed with %q", kid)
		}
		f.clock.Advance(time.Second)
		if set := kidsOf(jwks(t, m2)); len(set) != 3 || set[k1.ID] == "" || set[k0.ID] == "" {
			t.Fatalf("m2 JWKS after refresh %v", set)
		}
		if kid := kidOf(t, sign(t, m2.Signer(keys.AlgES256))); kid != k1.ID {
			t.Fatalf("m2 signed with %q, want %q", kid, k1.ID)
		}
	})
}

func TestUnknownKidReloadsEarly(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		m1 := f.ensured(t)
		clock2 := storagetest.NewClock(time.Now())
		m2 := keys.NewManager(f.db, f.keyring, clock2.Now)
		if _, err := m2.JWKS(ctx); err != nil {
			t.Fatal(err)
		}
		k1, err := m1.Rotate(ctx, keys.AlgES256)
		if err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(refresh)
		tok := sign(t, m1.Signer(keys.AlgES256))
		if kidOf(t, tok) != k1.ID {
			t.Fatal("m1 did not sign with the new key")
		}
		// Well within m2's refresh interval, but an unknown kid reloads.
		clock2.Advance(2 * time.Second)
		if _, err := m2.Verify(ctx, tok); err != nil {
			t.Fatalf("m2 does not accept the new key early: %v", err)
		}
	})
}

func TestConcurrentRotations(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		managers := []*keys.Manager{f.ensured(t), f.manager()}
		start := make(chan struct{})
		var wg sync.WaitGroup
		errs := make(chan error, 6)
		for i := range 6 {
			m := managers[i%2]
			wg.Go(func() {
				<-start
				_, err := m.Rotate(ctx, keys.AlgES256)
				errs <- err
			})
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("Rotate: %v", err)
			}
		}
		count := map[keys.State]int{}
		for _, k := range mustList(t, managers[0]) {
			if k.Alg == keys.AlgES256 {
				count[k.State]++
			}
		}
		if count[keys.StateCurrent] != 1 || count[keys.StatePrevious] != 1 || count[keys.StateRetired] != 5 {
			t.Fatalf("ES256 keys by state: %v", count)
		}
	})
}
