package mfa

import (
	"bytes"
	"regexp"
	"testing"
)

func TestRecoveryCodeFormat(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		c, err := NewRecoveryCode()
		if err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`^[A-Z2-7]{5}(-[A-Z2-7]{5}){3}$`).MatchString(c) {
			t.Fatalf("code %q not in 4 groups of 5 base32 characters", c)
		}
		if seen[c] {
			t.Fatalf("code %q generated twice", c)
		}
		seen[c] = true
	}
	c, _ := newRecoveryCode(bytes.NewReader(make([]byte, 20)))
	if c != "AAAAA-AAAAA-AAAAA-AAAAA" {
		t.Errorf("zero randomness gave %q", c)
	}
}

func TestNormalizeRecoveryCode(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"ABCDE-FGHIJ-KLMNO-PQRST", "ABCDEFGHIJKLMNOPQRST", true},
		{" abcde fghij klmno pqrst ", "ABCDEFGHIJKLMNOPQRST", true},
		{"0BCDE-1GHIJ-8LMNO-PQRST", "OBCDEIGHIJBLMNOPQRST", true},
		{"ABCDE-FGHIJ-KLMNO-PQRS", "", false},
		{"ABCDE-FGHIJ-KLMNO-PQRSTU", "", false},
		{"ABCDE-FGHIJ-KLMNO-PQRS9", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		got, ok := NormalizeRecoveryCode(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("NormalizeRecoveryCode(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	if HashRecoveryCode("u1", "ABCDEFGHIJKLMNOPQRST") == HashRecoveryCode("u2", "ABCDEFGHIJKLMNOPQRST") {
		t.Error("equal codes of two users hash the same")
	}
}
