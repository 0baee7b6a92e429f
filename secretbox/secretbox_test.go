package secretbox

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func newKey(t *testing.T) []byte {
	t.Helper()
	k, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func testRing(t *testing.T) Keyring {
	t.Helper()
	return Keyring{Current: "k1", Keys: map[string][]byte{"k1": newKey(t)}}
}

func TestSealOpenRoundtrip(t *testing.T) {
	kr := testRing(t)
	for _, pt := range [][]byte{nil, []byte("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), bytes.Repeat([]byte{0xff}, 4096)} {
		sealed, err := kr.Seal(pt, []byte("factors.secret:42"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(sealed, "v1.k1.") || strings.Count(sealed, ".") != 2 {
			t.Fatalf("sealed = %q, want v1.k1.<data>", sealed)
		}
		got, err := kr.Open(sealed, []byte("factors.secret:42"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, pt) {
			t.Fatalf("Open = %x, want %x", got, pt)
		}
	}
}

func TestSealUsesFreshNonce(t *testing.T) {
	kr := testRing(t)
	a, _ := kr.Seal([]byte("x"), nil)
	b, _ := kr.Seal([]byte("x"), nil)
	if a == b {
		t.Fatal("two seals of the same plaintext are identical")
	}
}

func TestOpenWithOtherRowsAssociatedDataFails(t *testing.T) {
	kr := testRing(t)
	sealed, _ := kr.Seal([]byte("0612345678"), []byte("users.phone:1"))
	for _, ad := range []string{"users.phone:2", "", "users.phone:1 "} {
		if _, err := kr.Open(sealed, []byte(ad)); !errors.Is(err, ErrDecrypt) {
			t.Errorf("Open with AD %q: err = %v, want ErrDecrypt", ad, err)
		}
	}
}

func TestOpenTamperedFails(t *testing.T) {
	kr := testRing(t)
	sealed, _ := kr.Seal([]byte("123456782"), []byte("users.bsn:7"))
	prefix := "v1.k1."
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(sealed, prefix))
	if err != nil {
		t.Fatal(err)
	}
	for i := range raw {
		mod := bytes.Clone(raw)
		mod[i] ^= 0x01
		if _, err := kr.Open(prefix+base64.RawURLEncoding.EncodeToString(mod), []byte("users.bsn:7")); !errors.Is(err, ErrDecrypt) {
			t.Fatalf("flipping byte %d: err = %v, want ErrDecrypt", i, err)
		}
	}
	// Truncated to nonce+tag only: authentic length, wrong content.
	if _, err := kr.Open(prefix+base64.RawURLEncoding.EncodeToString(raw[:nonceSize+tagSize]), []byte("users.bsn:7")); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("truncated: err = %v, want ErrDecrypt", err)
	}
}

func TestOpenUnknownKeyID(t *testing.T) {
	kr := testRing(t)
	sealed, _ := kr.Seal([]byte("x"), nil)
	other := Keyring{Current: "k9", Keys: map[string][]byte{"k9": newKey(t)}}
	if _, err := other.Open(sealed, nil); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("err = %v, want ErrUnknownKey", err)
	}
}

func TestOpenUnderRenamedKeyIDFails(t *testing.T) {
	// Rewriting the key id in the header to another known key must not open.
	k := newKey(t)
	kr := Keyring{Current: "k1", Keys: map[string][]byte{"k1": k, "k2": k}}
	sealed, _ := kr.Seal([]byte("x"), nil)
	if _, err := kr.Open(strings.Replace(sealed, ".k1.", ".k2.", 1), nil); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("err = %v, want ErrDecrypt (key id is authenticated)", err)
	}
}

func TestRotation(t *testing.T) {
	k1, k2 := newKey(t), newKey(t)
	old := Keyring{Current: "k1", Keys: map[string][]byte{"k1": k1}}
	sealed, err := old.Seal([]byte("secret"), []byte("row:1"))
	if err != nil {
		t.Fatal(err)
	}
	if old.NeedsRotation(sealed) {
		t.Fatal("NeedsRotation true for a value sealed with the current key")
	}

	rotated := Keyring{Current: "k2", Keys: map[string][]byte{"k1": k1, "k2": k2}}
	got, err := rotated.Open(sealed, []byte("row:1"))
	if err != nil || string(got) != "secret" {
		t.Fatalf("old value after rotation: %q, %v", got, err)
	}
	if !rotated.NeedsRotation(sealed) {
		t.Fatal("NeedsRotation false for a value sealed with an old key")
	}
	resealed, err := rotated.Seal(got, []byte("row:1"))
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := KeyID(resealed); id != "k2" || rotated.NeedsRotation(resealed) {
		t.Fatalf("resealed with %q, NeedsRotation %v", id, rotated.NeedsRotation(resealed))
	}
	if !rotated.NeedsRotation("garbage") {
		t.Fatal("NeedsRotation false for a malformed value")
	}
}

func TestOpenMalformed(t *testing.T) {
	kr := testRing(t)
	good, _ := kr.Seal([]byte("x"), nil)
	data := strings.TrimPrefix(good, "v1.k1.")
	short := base64.RawURLEncoding.EncodeToString(make([]byte, nonceSize+tagSize-1))
	tests := []struct{ name, sealed string }{
		{"empty", ""},
		{"no dots", "v1k1" + data},
		{"missing data part", "v1.k1"},
		{"empty data", "v1.k1."},
		{"empty key id", "v1.." + data},
		{"unknown version", "v2.k1." + data},
		{"no version", ".k1." + data},
		{"extra part", "v1.k1." + data + ".x"},
		{"padded base64", "v1.k1." + data + "=="},
		{"standard base64 alphabet", "v1.k1." + strings.NewReplacer("-", "+", "_", "/").Replace(data) + "+/"},
		{"not base64", "v1.k1.!!!!"},
		{"shorter than nonce and tag", "v1.k1." + short},
		{"key id with bad characters", "v1.k 1." + data},
		{"whitespace around", " " + good + " "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := kr.Open(tt.sealed, nil); !errors.Is(err, ErrMalformed) {
				t.Fatalf("Open(%q): err = %v, want ErrMalformed", tt.sealed, err)
			}
		})
	}
}

func TestSealRefusesBadKeyring(t *testing.T) {
	tests := []struct {
		name string
		kr   Keyring
	}{
		{"zero value", Keyring{}},
		{"current missing", Keyring{Current: "k2", Keys: map[string][]byte{"k1": make([]byte, 32)}}},
		{"short key", Keyring{Current: "k1", Keys: map[string][]byte{"k1": make([]byte, 16)}}},
		{"all-zero key", Keyring{Current: "k1", Keys: map[string][]byte{"k1": make([]byte, 32)}}},
		{"id with dot", Keyring{Current: "k.1", Keys: map[string][]byte{"k.1": bytes.Repeat([]byte{1}, 32)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tt.kr.Seal([]byte("x"), nil); !errors.Is(err, ErrKeyring) {
				t.Fatalf("Seal: err = %v, want ErrKeyring", err)
			}
			if err := tt.kr.Validate(); !errors.Is(err, ErrKeyring) {
				t.Fatalf("Validate: err = %v, want ErrKeyring", err)
			}
		})
	}
	if err := testRing(t).Validate(); err != nil {
		t.Fatalf("Validate on a good keyring: %v", err)
	}
}

func TestParseKeyring(t *testing.T) {
	k1, k2 := newKey(t), newKey(t)
	spec := fmt.Sprintf(" k2:%s , k1:%s", base64.StdEncoding.EncodeToString(k2), base64.RawURLEncoding.EncodeToString(k1))
	kr, err := ParseKeyring(spec)
	if err != nil {
		t.Fatal(err)
	}
	if kr.Current != "k2" || !bytes.Equal(kr.Keys["k2"], k2) || !bytes.Equal(kr.Keys["k1"], k1) || len(kr.Keys) != 2 {
		t.Fatalf("ParseKeyring = %v", kr)
	}
	if err := kr.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestParseKeyringErrors(t *testing.T) {
	key := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0xA5}, 32))
	short := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0xA5}, 16))
	zero := base64.StdEncoding.EncodeToString(make([]byte, 32))
	tests := []struct{ name, spec, want string }{
		{"empty", "  ", "empty keyring"},
		{"no id", key, "entry 1 has no \"id:\" prefix"},
		{"empty entry", "k1:" + key + ",,k2:" + key, "entry 2 is empty"},
		{"trailing comma", "k1:" + key + ",", "entry 2 is empty"},
		{"empty id", ":" + key, "entry 1: key id must be"},
		{"id with dot", "k.1:" + key, "entry 1: key id must be"},
		{"duplicate id", "k1:" + key + ",k1:" + key, "entry 2: duplicate key id \"k1\""},
		{"empty key", "k1:", "entry 1 (id \"k1\"): key is empty"},
		{"bad base64", "k1:" + key[:10] + "!" + key[11:], "entry 1 (id \"k1\"): key is not valid base64"},
		{"short key", "k1:" + short, "key must be 32 bytes, got 16"},
		{"zero key", "k1:" + zero, "all zero"},
		{"key and id swapped", key + ":k1", "entry 1: key id must be"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseKeyring(tt.spec)
			if !errors.Is(err, ErrKeyring) {
				t.Fatalf("err = %v, want ErrKeyring", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %q, want it to contain %q", err, tt.want)
			}
			assertNoKeyText(t, err.Error(), key, short, zero)
		})
	}
}

func TestParseKeyringReportsAllProblems(t *testing.T) {
	_, err := ParseKeyring("k1:AAAA,bad,k3:")
	for _, want := range []string{"entry 1", "entry 2", "entry 3"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want it to mention %s", err, want)
		}
	}
}

// Key material must not appear in errors or in any printed form of a Keyring.
func TestKeysNeverPrinted(t *testing.T) {
	k := bytes.Repeat([]byte{0x5A}, 32)
	encodings := []string{
		base64.StdEncoding.EncodeToString(k), base64.RawURLEncoding.EncodeToString(k),
		fmt.Sprintf("%x", k), fmt.Sprintf("%X", k), string(k), fmt.Sprint(k),
		"90 90 90 90", // decimal bytes as %v prints them
	}
	kr := Keyring{Current: "k1", Keys: map[string][]byte{"k1": k, "old": k[:16]}}
	js, err := json.Marshal(struct{ Ring Keyring }{kr})
	if err != nil {
		t.Fatal(err)
	}
	outputs := []string{
		fmt.Sprintf("%v", kr), fmt.Sprintf("%+v", kr), fmt.Sprintf("%#v", kr), fmt.Sprintf("%q", kr),
		fmt.Sprintf("%v", &kr), fmt.Sprintf("%x", kr), string(js),
	}
	if err := kr.Validate(); err != nil {
		outputs = append(outputs, err.Error())
	} else {
		t.Fatal("Validate accepted a 16-byte key")
	}
	if _, err := kr.Open("v1.old."+base64.RawURLEncoding.EncodeToString(make([]byte, 40)), nil); err != nil {
		outputs = append(outputs, err.Error())
	}
	for _, out := range outputs {
		assertNoKeyText(t, out, encodings...)
		assertNoKeyText(t, out, encodings[0][:12]) // not even a prefix
	}
	if !strings.Contains(fmt.Sprint(kr), `"k1"`) {
		t.Errorf("String() = %q, want key ids listed", kr)
	}
}

func assertNoKeyText(t *testing.T, out string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if s != "" && strings.Contains(out, s) {
			t.Fatalf("output %q contains key material %q", out, s)
		}
	}
}
