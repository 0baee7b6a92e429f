// Package mfatest is the conformance suite every mfa.Store must pass.
package mfatest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa"
)

// Env is one fresh store plus a way to make users it can refer to.
type Env struct {
	Store   mfa.Store
	NewUser func(t *testing.T) string // creates a user and returns its id
}

// RunStoreTests runs every sub-test on its own fresh store.
func RunStoreTests(t *testing.T, newEnv func(t *testing.T) Env) {
	tests := []struct {
		name string
		fn   func(t *testing.T, e Env)
	}{
		{"AddListGetKinds", testAddListGet},
		{"ValidationStoresNothing", testValidation},
		{"FirstFactorIsDefault", testDefault},
		{"OtherUsersFactorsUntouchable", testOwnership},
		{"DeleteNeverTheLast", testDeleteLast},
		{"DeleteAllWithRecoveryCode", testDeleteAll},
		{"RenameAndReplaceSecret", testRenameReplace},
		{"TOTPStepOnceOnly", testTOTPStep},
		{"TOTPStepConcurrent", testTOTPConcurrent},
		{"KeyCounterAndDuplicateCredential", testKeys},
		{"RecoveryCodeSingleUse", testRecovery},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, newEnv(t))
		})
	}
}

func ctx(t *testing.T) context.Context { return t.Context() }

func mustAdd(t *testing.T, s mfa.Store, f mfa.Factor) mfa.Factor {
	t.Helper()
	got, err := s.AddFactor(ctx(t), f)
	if err != nil {
		t.Fatalf("AddFactor(%s): %v", f.Kind, err)
	}
	return got
}

func totpFactor(user string) mfa.Factor {
	return mfa.Factor{UserID: user, Kind: mfa.KindTOTP, Name: "Telefoon", Secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"}
}

func smsFactor(user, phone string) mfa.Factor {
	return mfa.Factor{UserID: user, Kind: mfa.KindSMS, Secret: phone}
}

func keyFactor(user, credID string) mfa.Factor {
	return mfa.Factor{UserID: user, Kind: mfa.KindWebAuthn, Name: "YubiKey", CredentialID: credID, Credential: []byte(`{"id":"` + credID + `"}`)}
}

func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: got error %v, want %v", what, err, target)
	}
}

func testAddListGet(t *testing.T, e Env) {
	u := e.NewUser(t)
	a := mustAdd(t, e.Store, totpFactor(u))
	b := mustAdd(t, e.Store, smsFactor(u, "+31612345678"))
	c := mustAdd(t, e.Store, keyFactor(u, "Y3JlZC0x"))
	list, err := e.Store.ListFactors(ctx(t), u)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 {
		t.Fatalf("ListFactors: %d factors, want 3", len(list))
	}
	for _, want := range []mfa.Factor{a, b, c} {
		got, err := e.Store.GetFactor(ctx(t), u, want.ID)
		if err != nil {
			t.Fatalf("GetFactor(%s): %v", want.Kind, err)
		}
		if got.Kind != want.Kind || got.Secret != want.Secret || got.Name != want.Name ||
			got.CredentialID != want.CredentialID || string(got.Credential) != string(want.Credential) {
			t.Errorf("GetFactor(%s) = %+v, want %+v", want.Kind, got, want)
		}
		if !got.CreatedAt.Equal(want.CreatedAt) {
			t.Errorf("%s created_at %v, want %v", want.Kind, got.CreatedAt, want.CreatedAt)
		}
	}
	if _, err := e.Store.GetFactor(ctx(t), u, "nope"); !errors.Is(err, mfa.ErrNotFound) {
		t.Errorf("GetFactor(unknown) = %v, want ErrNotFound", err)
	}
	if other, _ := e.Store.ListFactors(ctx(t), e.NewUser(t)); len(other) != 0 {
		t.Errorf("a new user has %d factors", len(other))
	}
}

func testValidation(t *testing.T, e Env) {
	u := e.NewUser(t)
	bad := []mfa.Factor{
		{UserID: u, Kind: "email", Secret: "x"},
		{UserID: u, Kind: mfa.KindTOTP},
		{UserID: u, Kind: mfa.KindSMS, Secret: "+31612345678", CredentialID: "x", Credential: []byte("{}")},
		{UserID: u, Kind: mfa.KindWebAuthn, Secret: "x"},
		{UserID: u, Kind: mfa.KindTOTP, Secret: "x", Name: "line\nbreak"},
		{UserID: "", Kind: mfa.KindTOTP, Secret: "x"},
		{UserID: "no-such-user", Kind: mfa.KindTOTP, Secret: "x"},
	}
	for _, f := range bad {
		if _, err := e.Store.AddFactor(ctx(t), f); !errors.Is(err, mfa.ErrInvalid) {
			t.Errorf("AddFactor(%+v) = %v, want ErrInvalid", f, err)
		}
	}
	if list, _ := e.Store.ListFactors(ctx(t), u); len(list) != 0 {
		t.Errorf("invalid factors stored: %d", len(list))
	}
	if err := e.Store.SetRecoveryCode(ctx(t), u, "short", time.Now()); !errors.Is(err, mfa.ErrInvalid) {
		t.Errorf("SetRecoveryCode(bad hash) = %v, want ErrInvalid", err)
	}
}

func testDefault(t *testing.T, e Env) {
	u := e.NewUser(t)
	a := mustAdd(t, e.Store, totpFactor(u))
	b := mustAdd(t, e.Store, smsFactor(u, "+31612345678"))
	if !a.Default || b.Default {
		t.Fatalf("defaults: first %v, second %v; want true, false", a.Default, b.Default)
	}
	if err := e.Store.SetDefault(ctx(t), u, b.ID); err != nil {
		t.Fatal(err)
	}
	list, _ := e.Store.ListFactors(ctx(t), u)
	if list[0].Default || !list[1].Default {
		t.Errorf("after SetDefault(second): %v %v", list[0].Default, list[1].Default)
	}
	wantErr(t, "SetDefault(unknown)", e.Store.SetDefault(ctx(t), u, "nope"), mfa.ErrNotFound)
	list, _ = e.Store.ListFactors(ctx(t), u)
	if !list[1].Default {
		t.Error("SetDefault(unknown) cleared the existing default")
	}
	// Removing the default makes the oldest remaining one the default.
	if err := e.Store.DeleteFactor(ctx(t), u, b.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.Store.GetFactor(ctx(t), u, a.ID); !got.Default {
		t.Error("remaining factor did not become the default")
	}
}

func testOwnership(t *testing.T, e Env) {
	u, other := e.NewUser(t), e.NewUser(t)
	f := mustAdd(t, e.Store, totpFactor(u))
	mustAdd(t, e.Store, smsFactor(u, "+31612345678"))
	_, err := e.Store.GetFactor(ctx(t), other, f.ID)
	wantErr(t, "GetFactor(other user)", err, mfa.ErrNotFound)
	wantErr(t, "RenameFactor(other user)", e.Store.RenameFactor(ctx(t), other, f.ID, "x"), mfa.ErrNotFound)
	wantErr(t, "DeleteFactor(other user)", e.Store.DeleteFactor(ctx(t), other, f.ID), mfa.ErrNotFound)
	wantErr(t, "ReplaceSecret(other user)", e.Store.ReplaceSecret(ctx(t), other, f.ID, "+31600000000"), mfa.ErrNotFound)
	got, err := e.Store.GetFactor(ctx(t), u, f.ID)
	if err != nil || got.Name != "Telefoon" {
		t.Errorf("owner's factor changed by another user: %+v, %v", got, err)
	}
}

func testDeleteLast(t *testing.T, e Env) {
	u := e.NewUser(t)
	a := mustAdd(t, e.Store, totpFactor(u))
	wantErr(t, "DeleteFactor(last)", e.Store.DeleteFactor(ctx(t), u, a.ID), mfa.ErrLastFactor)
	b := mustAdd(t, e.Store, smsFactor(u, "+31612345678"))
	if err := e.Store.DeleteFactor(ctx(t), u, a.ID); err != nil {
		t.Fatalf("DeleteFactor(one of two): %v", err)
	}
	wantErr(t, "DeleteFactor(new last)", e.Store.DeleteFactor(ctx(t), u, b.ID), mfa.ErrLastFactor)
	wantErr(t, "DeleteFactor(gone)", e.Store.DeleteFactor(ctx(t), u, a.ID), mfa.ErrNotFound)
}

func testDeleteAll(t *testing.T, e Env) {
	u, other := e.NewUser(t), e.NewUser(t)
	mustAdd(t, e.Store, totpFactor(u))
	mustAdd(t, e.Store, keyFactor(u, "a2V5"))
	mustAdd(t, e.Store, totpFactor(other))
	hash := mfa.HashRecoveryCode(u, "ABCDEFGHIJKLMNOPQRST")
	if err := e.Store.SetRecoveryCode(ctx(t), u, hash, time.Now()); err != nil {
		t.Fatal(err)
	}
	n, err := e.Store.DeleteAllFactors(ctx(t), u)
	if err != nil || n != 2 {
		t.Fatalf("DeleteAllFactors = %d, %v; want 2", n, err)
	}
	if has, _ := e.Store.HasRecoveryCode(ctx(t), u); has {
		t.Error("recovery code survived DeleteAllFactors")
	}
	if list, _ := e.Store.ListFactors(ctx(t), other); len(list) != 1 {
		t.Error("DeleteAllFactors touched another user")
	}
}

func testRenameReplace(t *testing.T, e Env) {
	u := e.NewUser(t)
	f := mustAdd(t, e.Store, smsFactor(u, "+31612345678"))
	if err := e.Store.RenameFactor(ctx(t), u, f.ID, "Werktelefoon"); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "RenameFactor(too long)", e.Store.RenameFactor(ctx(t), u, f.ID, string(make([]byte, 61))), mfa.ErrInvalid)
	if err := e.Store.ReplaceSecret(ctx(t), u, f.ID, "+32470123456"); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "ReplaceSecret(empty)", e.Store.ReplaceSecret(ctx(t), u, f.ID, ""), mfa.ErrInvalid)
	got, _ := e.Store.GetFactor(ctx(t), u, f.ID)
	if got.Name != "Werktelefoon" || got.Secret != "+32470123456" {
		t.Errorf("after rename and replace: %q %q", got.Name, got.Secret)
	}
}

func testTOTPStep(t *testing.T, e Env) {
	u := e.NewUser(t)
	f := mustAdd(t, e.Store, totpFactor(u))
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	if err := e.Store.UseTOTPStep(ctx(t), f.ID, 100, at); err != nil {
		t.Fatalf("first use: %v", err)
	}
	wantErr(t, "same step again", e.Store.UseTOTPStep(ctx(t), f.ID, 100, at), mfa.ErrReplay)
	wantErr(t, "earlier step", e.Store.UseTOTPStep(ctx(t), f.ID, 99, at), mfa.ErrReplay)
	if err := e.Store.UseTOTPStep(ctx(t), f.ID, 101, at); err != nil {
		t.Fatalf("next step: %v", err)
	}
	got, _ := e.Store.GetFactor(ctx(t), u, f.ID)
	if got.LastStep != 101 || !got.LastUsedAt.Equal(at) {
		t.Errorf("stored step %d used %v", got.LastStep, got.LastUsedAt)
	}
	wantErr(t, "unknown factor", e.Store.UseTOTPStep(ctx(t), "nope", 5, at), mfa.ErrNotFound)
}

func testTOTPConcurrent(t *testing.T, e Env) {
	u := e.NewUser(t)
	f := mustAdd(t, e.Store, totpFactor(u))
	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() { errs <- e.Store.UseTOTPStep(context.WithoutCancel(ctx(t)), f.ID, 500, time.Now()) })
	}
	wg.Wait()
	close(errs)
	ok := 0
	for err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, mfa.ErrReplay):
		default:
			t.Errorf("concurrent use: %v", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d of %d concurrent uses of one step succeeded, want 1", ok, n)
	}
}

func testKeys(t *testing.T, e Env) {
	u, other := e.NewUser(t), e.NewUser(t)
	k := mustAdd(t, e.Store, keyFactor(u, "Y3JlZA"))
	if _, err := e.Store.AddFactor(ctx(t), keyFactor(other, "Y3JlZA")); !errors.Is(err, mfa.ErrAlreadyExists) {
		t.Errorf("same credential id for another user: %v, want ErrAlreadyExists", err)
	}
	at := time.Date(2026, 11, 23, 11, 0, 0, 0, time.UTC)
	if err := e.Store.UseKey(ctx(t), k.ID, 42, at); err != nil {
		t.Fatal(err)
	}
	got, _ := e.Store.GetFactor(ctx(t), u, k.ID)
	if got.SignCount != 42 || !got.LastUsedAt.Equal(at) {
		t.Errorf("after UseKey: count %d used %v", got.SignCount, got.LastUsedAt)
	}
	wantErr(t, "UseKey(unknown)", e.Store.UseKey(ctx(t), "nope", 1, at), mfa.ErrNotFound)
}

func testRecovery(t *testing.T, e Env) {
	u := e.NewUser(t)
	if has, err := e.Store.HasRecoveryCode(ctx(t), u); err != nil || has {
		t.Fatalf("new user has a code: %v %v", has, err)
	}
	code, err := mfa.NewRecoveryCode()
	if err != nil {
		t.Fatal(err)
	}
	norm, _ := mfa.NormalizeRecoveryCode(code)
	if err := e.Store.SetRecoveryCode(ctx(t), u, mfa.HashRecoveryCode(u, norm), time.Now()); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "wrong code", e.Store.UseRecoveryCode(ctx(t), u, mfa.HashRecoveryCode(u, "AAAAAAAAAAAAAAAAAAAA")), mfa.ErrRecoveryCode)
	other := e.NewUser(t)
	wantErr(t, "code of another user", e.Store.UseRecoveryCode(ctx(t), other, mfa.HashRecoveryCode(u, norm)), mfa.ErrRecoveryCode)
	if err := e.Store.UseRecoveryCode(ctx(t), u, mfa.HashRecoveryCode(u, norm)); err != nil {
		t.Fatalf("right code: %v", err)
	}
	wantErr(t, "used again", e.Store.UseRecoveryCode(ctx(t), u, mfa.HashRecoveryCode(u, norm)), mfa.ErrRecoveryCode)
	// A new code replaces the old one.
	first, second := mfa.HashRecoveryCode(u, "BBBBBBBBBBBBBBBBBBBB"), mfa.HashRecoveryCode(u, "CCCCCCCCCCCCCCCCCCCC")
	_ = e.Store.SetRecoveryCode(ctx(t), u, first, time.Now())
	_ = e.Store.SetRecoveryCode(ctx(t), u, second, time.Now())
	wantErr(t, "replaced code", e.Store.UseRecoveryCode(ctx(t), u, first), mfa.ErrRecoveryCode)
	if err := e.Store.UseRecoveryCode(ctx(t), u, second); err != nil {
		t.Errorf("newest code: %v", err)
	}
}
