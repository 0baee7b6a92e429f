package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type listedKey struct {
	KID, Alg, State string
	Published       bool
}

func listKeys(t *testing.T, env []string) []listedKey {
	t.Helper()
	var out []listedKey
	if err := json.Unmarshal([]byte(runOK(t, env, "keys", "list", "--output", "json")), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func countState(list []listedKey, alg, state string) int {
	n := 0
	for _, k := range list {
		if k.Alg == alg && k.State == state {
			n++
		}
	}
	return n
}

// TestKeysListRotateImport: the first start makes one key per algorithm;
// rotate keeps the old key published as previous; import makes a PEM key
// current; bad input exits 2; nothing prints key material.
func TestKeysListRotateImport(t *testing.T) {
	env, dir := tempEnv(t)
	first := listKeys(t, env)
	if len(first) != 2 || countState(first, "ES256", "current") != 1 || countState(first, "RS256", "current") != 1 {
		t.Fatalf("first start: %+v", first)
	}
	out := runOK(t, env, "keys", "rotate", "--alg", "ES256", "--output", "json")
	var rotated []listedKey
	if err := json.Unmarshal([]byte(out), &rotated); err != nil || len(rotated) != 1 || rotated[0].Alg != "ES256" {
		t.Fatalf("rotate output %q", out)
	}
	after := listKeys(t, env)
	if countState(after, "ES256", "current") != 1 || countState(after, "ES256", "previous") != 1 {
		t.Fatalf("after rotation: %+v", after)
	}
	for _, k := range after {
		if k.State == "previous" && (!k.Published || k.KID != first[0].KID && k.KID != first[1].KID) {
			t.Errorf("the previous key must be the old one and still published: %+v", k)
		}
	}

	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	file := filepath.Join(dir, "signing.pem")
	if err := os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	out = runOK(t, env, "keys", "import", "--file", file)
	if strings.Contains(out, "PRIVATE") || !strings.Contains(out, "ES256") {
		t.Fatalf("import output %q", out)
	}
	if countState(listKeys(t, env), "ES256", "retired") != 1 {
		t.Error("importing must push the oldest ES256 key out of the JWKS")
	}

	garbage := filepath.Join(dir, "garbage.pem")
	_ = os.WriteFile(garbage, []byte("not a key"), 0o600)
	for _, args := range [][]string{
		{"keys", "rotate", "--alg", "HS256"},
		{"keys", "import"},
		{"keys", "import", "--file", garbage},
		{"keys", "import", "--file", filepath.Join(dir, "missing.pem")},
	} {
		if code, _, stderr := run(t, env, args...); code != 2 || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
}
