package sms

import (
	"errors"
	"strings"
	"testing"
)

func TestParsePhone(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		allowed []string
		want    string
		wantErr error
	}{
		{"dutch mobile with 06", "0612345678", nil, "+31612345678", nil},
		{"dutch mobile with spaces and dashes", "06-12 34 56 78", nil, "+31612345678", nil},
		{"e164 with spaces", "+31 6 1234 5678", nil, "+31612345678", nil},
		{"trunk zero in brackets is dropped", "+31 (0)6 12345678", nil, "+31612345678", nil},
		{"trunk zero after country code is dropped", "+31 06 12345678", nil, "+31612345678", nil},
		{"00 becomes plus", "0031612345678", nil, "+31612345678", nil},
		{"belgian mobile", "+32 470 12 34 56", nil, "+32470123456", nil},
		{"german mobile", "+49 151 23456789", nil, "+4915123456789", nil},
		{"us refused by default", "+1 202 555 0143", nil, "", ErrPhoneCountry},
		{"uk refused by default", "+44 7700 900123", nil, "", ErrPhoneCountry},
		{"uk allowed when configured", "+44 7700 900123", []string{"+31", "+44"}, "+447700900123", nil},
		{"prefix without plus in config", "+44 7700 900123", []string{"44"}, "+447700900123", nil},
		{"dutch refused when only +49 allowed", "0612345678", []string{"+49"}, "", ErrPhoneCountry},
		{"empty", "   ", nil, "", ErrPhoneEmpty},
		{"letters", "06-CALLME-12", nil, "", ErrPhoneChars},
		{"plus in the middle", "31+612345678", nil, "", ErrPhoneChars},
		{"too short", "+31 612", nil, "", ErrPhoneLength},
		{"too long", "+31 6123456789012345", nil, "", ErrPhoneLength},
		{"06 with too few digits", "061234567", nil, "", ErrPhoneNoCode},
		{"dutch landline without code", "020 1234567", nil, "", ErrPhoneNoCode},
		{"no code at all", "612345678", nil, "", ErrPhoneNoCode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePhone(tt.in, tt.allowed)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ParsePhone(%q) error = %v, want %v", tt.in, err, tt.wantErr)
			}
			if got != tt.want {
				t.Fatalf("ParsePhone(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParsePhoneErrorsDoNotEchoTheNumber(t *testing.T) {
	_, err := ParsePhone("+1 202 555 0143", nil)
	if err == nil {
		t.Fatal("want error")
	}
	for _, part := range []string{"202", "5550143", "0143"} {
		if strings.Contains(err.Error(), part) {
			t.Fatalf("error %q contains part of the number", err)
		}
	}
}

func TestMask(t *testing.T) {
	tests := []struct{ in, want string }{
		{"+31612345678", "+31 6 ** ** ** 78"},
		{"+32470123456", "+32 4 ** ** ** 56"},
		{"+4915123456789", "+49 1 ** ** ** ** 89"},
		{"+12025550143", "+1 2 ** ** ** * 43"},
		{"0612345678", "***"},
		{"", "***"},
	}
	for _, tt := range tests {
		if got := Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
