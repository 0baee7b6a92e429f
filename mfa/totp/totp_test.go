package totp

import (
	"github.com/pquerna/otp"

	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

// From /work/shared/TESTING.md: oathtool, otplib and pquerna/otp agree.
const (
	vectorSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	vectorUnix   = 1700000000
	vectorCode   = "921300"
)

var vectorTime = time.Unix(vectorUnix, 0)

// refCode is an independent RFC 6238 implementation, so the tests don't only
// check pquerna/otp against itself.
func refCode(t *testing.T, secret string, step int64) string {
	t.Helper()
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		t.Fatal(err)
	}
	mac := hmac.New(sha1.New, key)
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(step))
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	v := binary.BigEndian.Uint32(sum[off:]) & 0x7fffffff
	return fmt.Sprintf("%06d", v%1_000_000)
}

func TestValidateKnownVector(t *testing.T) {
	if got := refCode(t, vectorSecret, vectorUnix/Period); got != vectorCode {
		t.Fatalf("reference implementation gives %s, want %s", got, vectorCode)
	}
	step, err := Validate(vectorSecret, vectorCode, vectorTime, 0)
	if err != nil {
		t.Fatal(err)
	}
	if step != vectorUnix/Period {
		t.Fatalf("step = %d, want %d", step, vectorUnix/Period)
	}
}

func TestValidateAcceptsOneStepOfSkewOnly(t *testing.T) {
	now := Step(vectorTime)
	for off := int64(-3); off <= 3; off++ {
		code := refCode(t, vectorSecret, now+off)
		step, err := Validate(vectorSecret, code, vectorTime, 0)
		switch {
		case off >= -Skew && off <= Skew:
			if err != nil || step != now+off {
				t.Errorf("offset %+d: step %d, err %v; want step %d accepted", off, step, err, now+off)
			}
		default:
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("offset %+d: step %d, err %v; want ErrInvalid", off, step, err)
			}
		}
	}
}

func TestValidateStepBoundaries(t *testing.T) {
	// The first and last second of a step both belong to it.
	start := time.Unix(Step(vectorTime)*Period, 0)
	for _, at := range []time.Time{start, start.Add(Period*time.Second - time.Second)} {
		if _, err := Validate(vectorSecret, vectorCode, at, 0); err != nil {
			t.Errorf("at %d: %v", at.Unix(), err)
		}
	}
	// Two steps later the code has expired.
	if _, err := Validate(vectorSecret, vectorCode, start.Add(2*Period*time.Second), 0); !errors.Is(err, ErrInvalid) {
		t.Errorf("two steps later: err = %v, want ErrInvalid", err)
	}
}

func TestValidateRefusesReplay(t *testing.T) {
	now := Step(vectorTime)
	step, err := Validate(vectorSecret, vectorCode, vectorTime, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Same code again, same step, later in the same window.
	for _, at := range []time.Time{vectorTime, vectorTime.Add(10 * time.Second), vectorTime.Add(25 * time.Second)} {
		if _, err := Validate(vectorSecret, vectorCode, at, step); !errors.Is(err, ErrReplay) {
			t.Errorf("same code at %d: err = %v, want ErrReplay", at.Unix(), err)
		}
	}
	// A later code is fine, and after it the earlier (still in-window) code is not.
	next := refCode(t, vectorSecret, now+1)
	step2, err := Validate(vectorSecret, next, vectorTime, step)
	if err != nil || step2 != now+1 {
		t.Fatalf("next step: %d, %v", step2, err)
	}
	prev := refCode(t, vectorSecret, now-1)
	for _, code := range []string{vectorCode, prev, next} {
		if _, err := Validate(vectorSecret, code, vectorTime, step2); !errors.Is(err, ErrReplay) {
			t.Errorf("code %s after step %d: err = %v, want ErrReplay", code, step2, err)
		}
	}
	// A wrong code stays ErrInvalid, also after a replay window: no oracle.
	if _, err := Validate(vectorSecret, "000000", vectorTime, step2); !errors.Is(err, ErrInvalid) {
		t.Errorf("wrong code: err = %v, want ErrInvalid", err)
	}
}

func TestValidateMalformedCodes(t *testing.T) {
	for _, code := range []string{
		"", "92130", "9213001", "92130a", "abcdef", " 921300", "921300 ", "921 300", "921300\n",
		"\t921300", "+92130", "-92130", "92130\x00", "921300\x00",
		"٩٢١٣٠٠", // Arabic-Indic digits
		"９２１３００", // fullwidth digits
		"९२१३००", // Devanagari digits
		"92130０", // five ASCII digits and a fullwidth one
	} {
		if _, err := Validate(vectorSecret, code, vectorTime, 0); !errors.Is(err, ErrMalformed) {
			t.Errorf("code %q: err = %v, want ErrMalformed", code, err)
		}
	}
}

func TestValidateRefusesUnusableSecrets(t *testing.T) {
	b32 := base32.StdEncoding.WithPadding(base32.NoPadding)
	for name, secret := range map[string]string{
		"empty (would make every code public)": "",
		"lower case":                           strings.ToLower(vectorSecret),
		"not base32 (digit 1)":                 "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ1",
		"padded":                               base32.StdEncoding.EncodeToString(make([]byte, 17)),
		"with spaces":                          Group(vectorSecret),
		"80-bit secret":                        b32.EncodeToString(bytes.Repeat([]byte{1}, 10)),
	} {
		if _, err := Validate(secret, vectorCode, vectorTime, 0); !errors.Is(err, ErrSecret) {
			t.Errorf("%s: err = %v, want ErrSecret", name, err)
		}
	}
}

func TestStep(t *testing.T) {
	for unix, want := range map[int64]int64{0: 0, 29: 0, 30: 1, vectorUnix: 56666666, -1: -1, -30: -1, -31: -2} {
		if got := Step(time.Unix(unix, 0)); got != want {
			t.Errorf("Step(%d) = %d, want %d", unix, got, want)
		}
	}
}

func TestNewSecret(t *testing.T) {
	e, err := NewSecret("Mijn Account", "alice@example.nl")
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Secret) != 32 {
		t.Fatalf("secret has %d characters, want 32", len(e.Secret))
	}
	for _, c := range e.Secret {
		if !strings.ContainsRune("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", c) {
			t.Fatalf("secret %q has %q outside the base32 alphabet", e.Secret, c)
		}
	}
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(e.Secret)
	if err != nil || len(raw) != SecretSize {
		t.Fatalf("secret decodes to %d bytes (%v), want %d", len(raw), err, SecretSize)
	}

	groups := strings.Split(e.Grouped, " ")
	if len(groups) != 8 || strings.Join(groups, "") != e.Secret {
		t.Fatalf("Grouped = %q", e.Grouped)
	}
	for _, g := range groups {
		if len(g) != 4 {
			t.Fatalf("Grouped = %q, want groups of 4", e.Grouped)
		}
	}

	u, err := url.Parse(e.URL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Scheme != "otpauth" || u.Host != "totp" || u.Path != "/Mijn Account:alice@example.nl" {
		t.Errorf("URL = %s", e.URL)
	}
	for k, want := range map[string]string{"secret": e.Secret, "issuer": "Mijn Account", "period": "30", "digits": "6", "algorithm": "SHA1"} {
		if q.Get(k) != want {
			t.Errorf("URL parameter %s = %q, want %q (URL %s)", k, q.Get(k), want, e.URL)
		}
	}

	// A fresh secret works with Validate.
	if _, err := Validate(e.Secret, refCode(t, e.Secret, Step(vectorTime)), vectorTime, 0); err != nil {
		t.Fatalf("fresh secret: %v", err)
	}
	e2, _ := NewSecret("Mijn Account", "alice@example.nl")
	if e2.Secret == e.Secret {
		t.Fatal("two enrolments got the same secret")
	}
}

func TestNewSecretUsesAll20RandomBytes(t *testing.T) {
	seq := make([]byte, SecretSize)
	for i := range seq {
		seq[i] = byte(i)
	}
	e, err := newSecret(bytes.NewReader(seq), "Mijn Account", "bob")
	if err != nil {
		t.Fatal(err)
	}
	if want := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(seq); e.Secret != want {
		t.Fatalf("secret = %s, want %s", e.Secret, want)
	}
	if _, err := newSecret(bytes.NewReader(seq[:19]), "Mijn Account", "bob"); err == nil {
		t.Fatal("short random source accepted")
	}
}

func TestNewSecretRefusesBadLabels(t *testing.T) {
	for _, tt := range []struct{ issuer, account string }{
		{"", "alice"}, {"Mijn Account", ""}, {" ", "alice"}, {"Mijn:Account", "alice"}, {"Mijn Account", "a:lice"},
	} {
		if _, err := NewSecret(tt.issuer, tt.account); err == nil {
			t.Errorf("NewSecret(%q, %q) accepted", tt.issuer, tt.account)
		}
	}
}

func TestGroup(t *testing.T) {
	for in, want := range map[string]string{"": "", "ABC": "ABC", "ABCD": "ABCD", "ABCDE": "ABCD E", "ABCDEFGH": "ABCD EFGH"} {
		if got := Group(in); got != want {
			t.Errorf("Group(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestForSecretMatchesNewSecret: the page shown again for a pending secret
// gives the app the same key as the first time.
func TestForSecretMatchesNewSecret(t *testing.T) {
	e, err := NewSecret("Mijn Account", "jan@example.nl")
	if err != nil {
		t.Fatal(err)
	}
	again := ForSecret("Mijn Account", "jan@example.nl", e.Secret)
	k1, err1 := otp.NewKeyFromURL(e.URL)
	k2, err2 := otp.NewKeyFromURL(again.URL)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if k1.Secret() != k2.Secret() || k1.Issuer() != k2.Issuer() || k1.AccountName() != k2.AccountName() ||
		k1.Period() != k2.Period() || k1.Digits() != k2.Digits() || k1.Algorithm() != k2.Algorithm() {
		t.Errorf("ForSecret key %v differs from NewSecret key %v", again.URL, e.URL)
	}
	if again.Grouped != e.Grouped {
		t.Errorf("grouped %q, want %q", again.Grouped, e.Grouped)
	}
}
