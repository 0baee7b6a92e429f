package password

import (
	"errors"
	"strings"
	"sync"
	"testing"
)

// fast are low parameters that keep the tests quick.
var fast = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func fastHasher(t testing.TB) *Hasher {
	t.Helper()
	h, err := NewHasher(fast)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestHashVerifyRoundTrip(t *testing.T) {
	h := fastHasher(t)
	for _, pw := range []string{"correct horse battery staple", "Ëén wachtwoord met ü en 😀", "", strings.Repeat("x", MaxInputBytes)} {
		enc, err := h.Hash(pw)
		if err != nil {
			t.Fatalf("Hash: %v", err)
		}
		ok, rehash, err := h.Verify(pw, enc)
		if err != nil || !ok || rehash {
			t.Errorf("Verify(%.20q) = %v, %v, %v; want true, false, nil", pw, ok, rehash, err)
		}
	}
}

func TestVerifyWrongPassword(t *testing.T) {
	h := fastHasher(t)
	enc, err := h.Hash("zomerse ochtend aan zee")
	if err != nil {
		t.Fatal(err)
	}
	for _, pw := range []string{"zomerse ochtend aan ze", "Zomerse ochtend aan zee", "", "zomerse ochtend aan zee "} {
		ok, rehash, err := h.Verify(pw, enc)
		if err != nil || ok || rehash {
			t.Errorf("Verify(%q) = %v, %v, %v; want false, false, nil", pw, ok, rehash, err)
		}
	}
}

func TestHashSaltsDiffer(t *testing.T) {
	h := fastHasher(t)
	a, _ := h.Hash("same password")
	b, _ := h.Hash("same password")
	if a == b {
		t.Fatal("two hashes of one password are equal; salt is not random")
	}
}

func TestVerifyAsksForRehashWhenParamsChange(t *testing.T) {
	old := fastHasher(t)
	enc, err := old.Hash("lange zin als wachtwoord")
	if err != nil {
		t.Fatal(err)
	}
	for name, p := range map[string]Params{
		"memory":  {Memory: 128, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		"time":    {Memory: 64, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32},
		"threads": {Memory: 64, Time: 1, Threads: 2, SaltLen: 16, KeyLen: 32},
		"salt":    {Memory: 64, Time: 1, Threads: 1, SaltLen: 32, KeyLen: 32},
		"key":     {Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 16},
	} {
		t.Run(name, func(t *testing.T) {
			h, err := NewHasher(p)
			if err != nil {
				t.Fatal(err)
			}
			ok, rehash, err := h.Verify("lange zin als wachtwoord", enc)
			if err != nil || !ok || !rehash {
				t.Fatalf("Verify = %v, %v, %v; want true, true, nil", ok, rehash, err)
			}
			if ok, rehash, _ := h.Verify("een ander wachtwoord", enc); ok || rehash {
				t.Fatalf("wrong password: Verify = %v, %v; want false, false", ok, rehash)
			}
			fresh, err := h.Hash("lange zin als wachtwoord")
			if err != nil {
				t.Fatal(err)
			}
			if ok, rehash, err := h.Verify("lange zin als wachtwoord", fresh); !ok || rehash || err != nil {
				t.Fatalf("after rehash: Verify = %v, %v, %v; want true, false, nil", ok, rehash, err)
			}
		})
	}
}

func TestDefaultParams(t *testing.T) {
	var h Hasher // zero value: defaults
	enc, err := h.Hash("standaard parameters")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("Hash = %q; want OWASP defaults m=19456,t=2,p=1", enc)
	}
	e, err := parse(enc)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.salt) != 16 || len(e.key) != 32 {
		t.Fatalf("salt %d key %d bytes; want 16 and 32", len(e.salt), len(e.key))
	}
	ok, rehash, err := h.Verify("standaard parameters", enc)
	if err != nil || !ok || rehash {
		t.Fatalf("Verify = %v, %v, %v; want true, false, nil", ok, rehash, err)
	}
}

func TestVerifyRefusesHugePasswordWithoutHashing(t *testing.T) {
	h := fastHasher(t)
	enc, _ := h.Hash("kort")
	huge := strings.Repeat("a", MaxInputBytes+1)
	if ok, _, err := h.Verify(huge, enc); ok || err != nil {
		t.Fatalf("Verify(huge) = %v, %v; want false, nil", ok, err)
	}
	if _, err := h.Hash(huge); !errors.Is(err, ErrTooLong) {
		t.Fatalf("Hash(huge) error = %v; want ErrTooLong", err)
	}
	if h.DummyVerify(huge) {
		t.Fatal("DummyVerify(huge) = true")
	}
}

func TestDummyVerify(t *testing.T) {
	h := fastHasher(t)
	for _, pw := range []string{"", "password", "lange zin als wachtwoord"} {
		if h.DummyVerify(pw) {
			t.Errorf("DummyVerify(%q) = true; want false", pw)
		}
	}
	var zero Hasher
	if zero.DummyVerify("x") {
		t.Error("zero Hasher: DummyVerify = true")
	}
	bad := &Hasher{Params: Params{Memory: 1}} // invalid: falls back to defaults, no panic
	if bad.DummyVerify("x") {
		t.Error("invalid params: DummyVerify = true")
	}
}

func TestNewHasherRejectsBadParams(t *testing.T) {
	for name, p := range map[string]Params{
		"no threads":   {Memory: 64, Time: 1, Threads: 0, SaltLen: 16, KeyLen: 32},
		"no time":      {Memory: 64, Time: 0, Threads: 1, SaltLen: 16, KeyLen: 32},
		"tiny memory":  {Memory: 8, Time: 1, Threads: 2, SaltLen: 16, KeyLen: 32},
		"huge memory":  {Memory: 1 << 30, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		"short salt":   {Memory: 64, Time: 1, Threads: 1, SaltLen: 4, KeyLen: 32},
		"short key":    {Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 8},
		"zero":         {},
		"endless time": {Memory: 64, Time: 1000, Threads: 1, SaltLen: 16, KeyLen: 32},
	} {
		if _, err := NewHasher(p); err == nil {
			t.Errorf("%s: NewHasher(%+v) = nil error", name, p)
		}
	}
	if _, err := NewHasher(DefaultParams()); err != nil {
		t.Errorf("defaults: %v", err)
	}
}

func TestHasherIsSafeForConcurrentUse(t *testing.T) {
	h := fastHasher(t)
	enc, err := h.Hash("gedeelde hasher")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if h.DummyVerify("gedeelde hasher") {
				t.Error("DummyVerify = true")
			}
			if ok, _, err := h.Verify("gedeelde hasher", enc); !ok || err != nil {
				t.Errorf("Verify = %v, %v", ok, err)
			}
			if _, err := h.Hash("nog een"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}
