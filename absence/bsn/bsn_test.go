package bsn

import (
	"bytes"
	"encoding/base64"
	"testing"

	"github.com/mijnaccount/mijnaccount/secretbox"
)

func TestNormalAcceptsValidNumbers(t *testing.T) {
	for in, want := range map[string]string{"111222333": "111222333", "123456782": "123456782", "1112.22.333": "111222333",
		"12345672": "012345672", " 111 222 333 ": "111222333"} {
		if got, ok := Normal(in); !ok || got != want {
			t.Errorf("Normal(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
}

func TestNormalRefusesInvalidNumbers(t *testing.T) {
	for _, in := range []string{"", "123456789", "000000000", "11122233", "1112223334", "11122233a", "1234567"} {
		if got, ok := Normal(in); ok {
			t.Errorf("Normal(%q) accepted as %q", in, got)
		}
	}
}

func TestMaskShowsLastThree(t *testing.T) {
	if Mask("111222333") != "••••••333" || Mask("") != "" {
		t.Errorf("Mask: %q %q", Mask("111222333"), Mask(""))
	}
}

func TestSealOpensOnlyForTheSameEmployee(t *testing.T) {
	key := bytes.Repeat([]byte{7}, 32)
	kr, err := secretbox.ParseKeyring("k1:" + base64.StdEncoding.EncodeToString(key))
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := Seal(kr, "MW-AAAAAAAA", "111222333")
	if err != nil || sealed == "" || bytes.Contains([]byte(sealed), []byte("111222333")) {
		t.Fatalf("Seal: %q %v", sealed, err)
	}
	if got, err := Open(kr, "MW-AAAAAAAA", sealed); err != nil || got != "111222333" {
		t.Fatalf("Open: %q %v", got, err)
	}
	if _, err := Open(kr, "MW-BBBBBBBB", sealed); err == nil {
		t.Fatal("a sealed BSN opened under another employee")
	}
	if s, err := Seal(kr, "MW-AAAAAAAA", ""); s != "" || err != nil {
		t.Fatalf("empty BSN sealed: %q %v", s, err)
	}
	if s, err := Open(kr, "MW-AAAAAAAA", ""); s != "" || err != nil {
		t.Fatalf("empty sealed value: %q %v", s, err)
	}
}

func TestIndexIsKeyedAndScopedToTheEmployer(t *testing.T) {
	k1, k2 := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
	a, err := Index(k1, "org-a", "111222333")
	if err != nil || len(a) != 64 {
		t.Fatalf("Index: %q %v", a, err)
	}
	same, _ := Index(k1, "org-a", "111222333")
	otherOrg, _ := Index(k1, "org-b", "111222333")
	otherKey, _ := Index(k2, "org-a", "111222333")
	otherNumber, _ := Index(k1, "org-a", "123456782")
	if same != a || otherOrg == a || otherKey == a || otherNumber == a {
		t.Fatalf("index values: %s %s %s %s %s", a, same, otherOrg, otherKey, otherNumber)
	}
	if s, err := Index(k1, "org-a", ""); s != "" || err != nil {
		t.Fatalf("empty number: %q %v", s, err)
	}
	if _, err := Index(k1[:16], "org-a", "111222333"); err != ErrNoIndexKey {
		t.Fatalf("short key: %v", err)
	}
}
