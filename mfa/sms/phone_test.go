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
		{"uk allowed when configured", "+44 7911 123456", []string{"+31", "+44"}, "+447911123456", nil},
		{"prefix without plus in config", "+44 7911 123456", []string{"44"}, "+447911123456", nil},
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

// TestParsePhoneOnlyMobileNumbers: of the allowed countries only mobile
// numbers may receive codes; landline, premium-rate, shared-cost, toll-free,
// VoIP, pager and company numbers are refused before anything is sent.
func TestParsePhoneOnlyMobileNumbers(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		allowed  []string
		want     string
		wantType string // the NotMobileError's type; "" with want or another error
		wantErr  error
	}{
		{"NL mobile 06", "06 41 23 45 67", nil, "+31641234567", "", nil},
		{"NL mobile 068", "+31 6 87 65 43 21", nil, "+31687654321", "", nil},
		{"BE mobile 047x", "+32 478 12 34 56", nil, "+32478123456", "", nil},
		{"BE mobile 046x", "+32 460 12 34 56", nil, "+32460123456", "", nil},
		{"DE mobile 0151", "+49 151 23456789", nil, "+4915123456789", "", nil},
		{"DE mobile 0176", "+49 176 12345678", nil, "+4917612345678", "", nil},
		{"NL landline Amsterdam", "+31 20 123 4567", nil, "", "fixed_line", ErrPhoneNotMobile},
		{"NL landline Rotterdam", "0031 10 123 4567", nil, "", "fixed_line", ErrPhoneNotMobile},
		{"NL premium 0900", "+31 900 123 4567", nil, "", "premium_rate", ErrPhoneNotMobile},
		{"NL premium 0909", "+31 909 123 456", nil, "", "premium_rate", ErrPhoneNotMobile},
		{"NL toll free 0800", "+31 800 123 4567", nil, "", "toll_free", ErrPhoneNotMobile},
		{"NL VoIP 085", "+31 85 123 4567", nil, "", "voip", ErrPhoneNotMobile},
		{"NL company number 088", "+31 88 123 4567", nil, "", "uan", ErrPhoneNotMobile},
		{"NL pager 066", "+31 66 123 4567", nil, "", "pager", ErrPhoneNotMobile},
		{"BE landline Brussels", "+32 2 555 12 12", nil, "", "fixed_line", ErrPhoneNotMobile},
		{"BE premium 0903", "+32 903 12 345", nil, "", "premium_rate", ErrPhoneNotMobile},
		{"DE landline Berlin", "+49 30 12345678", nil, "", "fixed_line", ErrPhoneNotMobile},
		{"DE premium 0900", "+49 900 1 234567", nil, "", "premium_rate", ErrPhoneNotMobile},
		{"DE shared cost 0180", "+49 1801 234567", nil, "", "shared_cost", ErrPhoneNotMobile},
		{"NL unassigned mobile range", "+31 6 00 00 00 00", nil, "", "", ErrPhoneInvalid},
		{"UK mobile, country not allowed", "+44 7911 123456", nil, "", "", ErrPhoneCountry},
		{"UK premium, country allowed", "+44 909 8790000", []string{"+44"}, "", "premium_rate", ErrPhoneNotMobile},
		// The +1 plan does not tell mobile numbers from fixed ones.
		{"US number when +1 is allowed", "+1 202 555 0143", []string{"+1"}, "+12025550143", "", nil},
		{"US premium 900 when +1 is allowed", "+1 900 555 0143", []string{"+1"}, "", "premium_rate", ErrPhoneNotMobile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePhone(tt.in, tt.allowed)
			if !errors.Is(err, tt.wantErr) || got != tt.want {
				t.Fatalf("ParsePhone(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.wantErr)
			}
			var nm *NotMobileError
			if errors.As(err, &nm) != (tt.wantType != "") || nm != nil && nm.Type != tt.wantType {
				t.Fatalf("ParsePhone(%q) error %v, want number type %q", tt.in, err, tt.wantType)
			}
			if err == nil {
				if err := CheckPhone(got, tt.allowed); err != nil {
					t.Fatalf("CheckPhone(%q) of a parsed number = %v", got, err)
				}
			}
		})
	}
}

// TestCheckPhoneStoredNumbers: a number stored earlier is checked again
// before each send, against today's rules.
func TestCheckPhoneStoredNumbers(t *testing.T) {
	tests := []struct {
		e164    string
		allowed []string
		wantErr error
	}{
		{"+31612345678", nil, nil},
		{"+31201234567", nil, ErrPhoneNotMobile},
		{"+31900123456", nil, ErrPhoneNotMobile},
		{"+31612345678", []string{"+49"}, ErrPhoneCountry},
		{"+447911123456", nil, ErrPhoneCountry},
		{"+31 612345678", nil, ErrPhoneLength},
		{"0612345678", nil, ErrPhoneLength},
		{"+310612345678", nil, ErrPhoneInvalid},
	}
	for _, tt := range tests {
		if err := CheckPhone(tt.e164, tt.allowed); !errors.Is(err, tt.wantErr) {
			t.Errorf("CheckPhone(%q, %v) = %v, want %v", tt.e164, tt.allowed, err, tt.wantErr)
		}
	}
	// CheckMobile ignores the country rule (notices to a number verified
	// earlier) but not the type.
	if err := CheckMobile("+447911123456"); err != nil {
		t.Errorf("CheckMobile(UK mobile) = %v", err)
	}
	if err := CheckMobile("+4990012345678"); !errors.Is(err, ErrPhoneNotMobile) && !errors.Is(err, ErrPhoneInvalid) {
		t.Errorf("CheckMobile(DE premium) = %v, want a refusal", err)
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
