package oauthstore_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

func TestNewSecret(t *testing.T) {
	a, err := oauthstore.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := oauthstore.NewSecret()
	raw, err := base64.RawURLEncoding.DecodeString(a)
	if err != nil || len(raw) != oauthstore.SecretBytes || len(a) != 43 || a == b {
		t.Fatalf("NewSecret = %q (%d bytes, err %v), then %q", a, len(raw), err, b)
	}
}

func TestSecretHasher(t *testing.T) {
	ctx := t.Context()
	h := oauthstore.SecretHasher{}
	secret, _ := oauthstore.NewSecret()
	hash, err := h.Hash(ctx, []byte(secret))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(hash), "sha256$") || len(hash) != len("sha256$")+64 || !oauthstore.IsSecretHash(hash) {
		t.Fatalf("hash = %q", hash)
	}
	if strings.Contains(string(hash), secret) {
		t.Fatal("hash contains the secret")
	}
	if err := h.Compare(ctx, hash, []byte(secret)); err != nil {
		t.Fatalf("Compare(right secret): %v", err)
	}
	for _, wrong := range []string{"", secret[:42], secret + "x", strings.ToUpper(secret)} {
		if h.Compare(ctx, hash, []byte(wrong)) == nil {
			t.Errorf("Compare accepted %q", wrong)
		}
	}
	for _, bad := range []string{"", "sha256$", "sha256$zz", "$2a$10$IxMdI6d.LIRZPpSfEwNoeu4rY3FhDREsxFJXikcgdRRAStxUlsuEO", secret} {
		if h.Compare(ctx, []byte(bad), []byte(secret)) == nil || oauthstore.IsSecretHash([]byte(bad)) {
			t.Errorf("hash %q was accepted", bad)
		}
	}
	if _, err := h.Hash(ctx, nil); err == nil {
		t.Fatal("an empty secret was hashed")
	}
	again, _ := oauthstore.HashSecret(secret)
	if string(again) != string(hash) {
		t.Fatal("HashSecret differs from SecretHasher.Hash")
	}
}
