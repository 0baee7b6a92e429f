package audit

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

func TestHashIP(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	if got := HashIP(key, ""); got != "" {
		t.Fatalf("empty ip: %q", got)
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("192.0.2.1"))
	want := hex.EncodeToString(mac.Sum(nil))[:32]
	for _, ip := range []string{"192.0.2.1", " 192.0.2.1", "::ffff:192.0.2.1", "192.0.2.1:443"} {
		if got := HashIP(key, ip); got != want {
			t.Errorf("HashIP(%q) = %q, want %q", ip, got, want)
		}
	}
	if HashIP([]byte("another key"), "192.0.2.1") == want {
		t.Error("hash does not depend on the key")
	}
	if HashIP(key, "192.0.2.2") == want {
		t.Error("different addresses hash alike")
	}
	if HashIP(key, "[2001:db8::1]:443") != HashIP(key, "2001:db8::1") {
		t.Error("IPv6 with port hashes differently")
	}
	e := okEvent()
	e.IPHash = HashIP(key, "2001:db8::1")
	if err := e.Validate(); err != nil {
		t.Errorf("HashIP output refused by Validate: %v", err)
	}
}
