package smsotp

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/sms"
)

func draws(values ...uint32) *bytes.Reader {
	var b []byte
	for _, v := range values {
		b = binary.BigEndian.AppendUint32(b, v)
	}
	return bytes.NewReader(b)
}

func TestNewCodeRejectsTheBiasedTail(t *testing.T) {
	if acceptBelow != 4_294_000_000 {
		t.Fatalf("acceptBelow = %d", uint64(acceptBelow))
	}
	tests := []struct {
		name  string
		draws []uint32
		want  string
	}{
		{"zero", []uint32{0}, "000000"},
		{"small", []uint32{42}, "000042"},
		{"wraps", []uint32{1_000_042}, "000042"},
		{"last accepted", []uint32{acceptBelow - 1}, "999999"},
		{"first refused, then drawn again", []uint32{acceptBelow, 7}, "000007"},
		{"top refused, then drawn again", []uint32{0xFFFFFFFF, 0xFFFFFFFF, 123456}, "123456"},
	}
	for _, tt := range tests {
		c := &Codes{rand: draws(tt.draws...)}
		got, err := c.newCode()
		if err != nil || got != tt.want {
			t.Errorf("%s: newCode = %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
	c := &Codes{rand: bytes.NewReader(bytes.Repeat([]byte{0xFF}, 4*maxDraws))}
	if _, err := c.newCode(); err == nil {
		t.Error("a source that only gives out-of-range values must fail")
	}
	c = &Codes{rand: bytes.NewReader([]byte{1, 2})}
	if _, err := c.newCode(); err == nil {
		t.Error("a failing source must fail")
	}
}

func TestNewCodeDigitsAreSpread(t *testing.T) {
	c := &Codes{rand: rand.Reader}
	var counts [6][10]int
	const n = 20000
	for range n {
		code, err := c.newCode()
		if err != nil || !wellFormed(code) {
			t.Fatalf("newCode = %q, %v", code, err)
		}
		for i := range code {
			counts[i][code[i]-'0']++
		}
	}
	// Each digit is expected n/10 = 2000 times per position; 1700 and 2300 are
	// more than six standard deviations away.
	for pos, digits := range counts {
		for d, k := range digits {
			if k < 1700 || k > 2300 {
				t.Errorf("digit %d at position %d drawn %d times of %d", d, pos, k, n)
			}
		}
	}
}

func TestBodyFitsOneGSMSegment(t *testing.T) {
	for _, lang := range []string{"nl", "en"} {
		for _, ttl := range []time.Duration{time.Minute, 5 * time.Minute, 60 * time.Minute} {
			b := body(lang, "987654", ttl)
			// Longer than 70 characters and still one part: GSM-7, not UCS-2.
			if len(b) <= 70 || sms.Segments(b) != 1 || !strings.Contains(b, "987654") {
				t.Errorf("body(%s, %s) = %q: %d characters, %d segments", lang, ttl, b, len(b), sms.Segments(b))
			}
		}
	}
	if got := body("nl", "123456", 5*time.Minute); got != "Uw Mijn Account-code is 123456. Deze code is 5 minuten geldig. Deel hem met niemand." {
		t.Errorf("Dutch body = %q", got)
	}
	if got := body("en", "123456", 5*time.Minute); got != "Your Mijn Account code is 123456. It is valid for 5 minutes. Do not share it with anyone." {
		t.Errorf("English body = %q", got)
	}
	if got := body("nl", "123456", time.Minute); !strings.Contains(got, "1 minuut geldig") {
		t.Errorf("Dutch body for one minute = %q", got)
	}
	if got := body("en", "123456", time.Minute); !strings.Contains(got, "1 minute.") {
		t.Errorf("English body for one minute = %q", got)
	}
}

func TestRecordKeepsNoCode(t *testing.T) {
	c := &Codes{key: bytes.Repeat([]byte{7}, 32)}
	r := record{ID: "abc", MAC: c.mac("login:flow", "123456"), Expires: 1}
	raw := r.encode()
	if bytes.Contains(raw, []byte("123456")) || bytes.Contains(raw, []byte("login:flow")) {
		t.Fatalf("record %s holds the code or binding", raw)
	}
	back, err := decodeRecord(raw)
	if err != nil || back.ID != r.ID || !bytes.Equal(back.MAC, r.MAC) || back.Expires != 1 {
		t.Fatalf("decode = %+v, %v", back, err)
	}
	if bytes.Equal(c.mac("login:flow", "123456"), c.mac("login:flox", "123456")) ||
		bytes.Equal(c.mac("login:flow", "123456"), c.mac("login:flow", "123457")) {
		t.Fatal("MAC does not depend on binding and code")
	}
	for _, bad := range []string{"", "{}", "not json", `{"id":"x"}`} {
		if _, err := decodeRecord([]byte(bad)); err == nil {
			t.Errorf("decodeRecord(%q) accepted", bad)
		}
	}
	k := keysFor("login:flow-secret-id")
	for _, key := range []string{k.code, k.cooldown, k.tries(r)} {
		if strings.Contains(key, "flow-secret-id") {
			t.Errorf("key %q shows the binding", key)
		}
	}
}
