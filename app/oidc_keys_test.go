package app_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/app"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/config"
)

// TestSigningKeyFromFile: a configured PEM key is published and signs; an
// unreadable key file stops the start naming the key.
func TestSigningKeyFromFile(t *testing.T) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	file := filepath.Join(t.TempDir(), "es256.pem")
	if err := os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	env := apptest.New(t, "sqlite", func(c *config.Config) { c.OIDC.SigningKeyFiles = []string{file} })
	set, err := env.App.Keys.JWKS(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, k := range set.Keys {
		if pub, ok := k.Key.(*ecdsa.PublicKey); ok && pub.Equal(&key.PublicKey) {
			found = true
		}
	}
	if !found {
		t.Fatal("the configured key is not in the JWKS")
	}

	cfg := config.Defaults()
	cfg.DataDir = t.TempDir()
	cfg.OIDC.SigningKeyFiles = []string{filepath.Join(t.TempDir(), "missing.pem")}
	if _, err := app.Open(context.Background(), cfg, slog.New(slog.DiscardHandler)); err == nil || !strings.Contains(err.Error(), "oidc.signing_key_files") {
		t.Fatalf("a missing key file must stop the start: %v", err)
	}
}
