package password

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestParsePHC(t *testing.T) {
	// RFC 9106-style example: salt "somesaltsomesalt", key of 32 bytes 0x01.
	salt := "c29tZXNhbHRzb21lc2FsdA"
	key := b64.EncodeToString(bytes.Repeat([]byte{1}, 32))
	s := "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + key
	e, err := parse(s)
	if err != nil {
		t.Fatal(err)
	}
	want := Params{Memory: 19456, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}
	if e.params != want {
		t.Errorf("params = %+v; want %+v", e.params, want)
	}
	if string(e.salt) != "somesaltsomesalt" || !bytes.Equal(e.key, bytes.Repeat([]byte{1}, 32)) {
		t.Errorf("salt %q key %x", e.salt, e.key)
	}
	if got := e.String(); got != s {
		t.Errorf("String() = %q; want %q", got, s)
	}
}

func TestVerifyMalformedHashes(t *testing.T) {
	salt := b64.EncodeToString([]byte("somesaltsomesalt"))
	key := b64.EncodeToString(bytes.Repeat([]byte{1}, 32))
	ok := func(params string) string { return "$argon2id$v=19$" + params + "$" + salt + "$" + key }
	for _, tc := range []struct{ name, enc string }{
		{"empty", ""},
		{"plain text", "hunter2"},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"argon2i", "$argon2i$v=19$m=64,t=1,p=1$" + salt + "$" + key},
		{"argon2d", "$argon2d$v=19$m=64,t=1,p=1$" + salt + "$" + key},
		{"old version", "$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + key},
		{"no version", "$argon2id$m=64,t=1,p=1$" + salt + "$" + key},
		{"too few fields", "$argon2id$v=19$m=64,t=1,p=1$" + salt},
		{"too many fields", ok("m=64,t=1,p=1") + "$extra"},
		{"no leading $", strings.TrimPrefix(ok("m=64,t=1,p=1"), "$")},
		{"params out of order", ok("t=1,m=64,p=1")},
		{"missing param", ok("m=64,t=1")},
		{"extra param", ok("m=64,t=1,p=1,k=1")},
		{"empty value", ok("m=,t=1,p=1")},
		{"negative", ok("m=-64,t=1,p=1")},
		{"plus sign", ok("m=+64,t=1,p=1")},
		{"leading zero", ok("m=064,t=1,p=1")},
		{"not a number", ok("m=lots,t=1,p=1")},
		{"threads overflow", ok("m=64,t=1,p=256")},
		{"memory overflow", ok("m=4294967296,t=1,p=1")},
		{"zero time", ok("m=64,t=0,p=1")},
		{"zero threads", ok("m=64,t=1,p=0")},
		{"memory too low for threads", ok("m=8,t=1,p=4")},
		{"memory bomb", ok("m=4194304,t=1,p=1")},
		{"time bomb", ok("m=64,t=100000,p=1")},
		{"salt not base64", "$argon2id$v=19$m=64,t=1,p=1$!!!$" + key},
		{"salt padded", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "==$" + key},
		{"key not base64", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$***"},
		{"salt too short", "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$" + key},
		{"key empty", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$"},
		{"key too short", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$AQEBAQ"},
		{"very long", ok("m=64,t=1,p=1") + strings.Repeat("A", 4096)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := fastHasher(t)
			match, rehash, err := h.Verify("password", tc.enc)
			if !errors.Is(err, ErrMalformedHash) || match || rehash {
				t.Fatalf("Verify = %v, %v, %v; want false, false, ErrMalformedHash", match, rehash, err)
			}
			if tc.enc != "" && strings.Contains(err.Error(), tc.enc) {
				t.Fatalf("error %q quotes the stored hash", err)
			}
		})
	}
	// The well-formed base of the table does parse.
	if _, err := parse(ok("m=64,t=1,p=1")); err != nil {
		t.Fatalf("control: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE")
	f.Add("$argon2id$v=19$m=,t=1,p=1$$")
	f.Fuzz(func(t *testing.T, s string) {
		e, err := parse(s)
		if err != nil {
			return
		}
		if e.params.Validate() != nil {
			t.Fatalf("parse accepted invalid params %+v", e.params)
		}
	})
}
