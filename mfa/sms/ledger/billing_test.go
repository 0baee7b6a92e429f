package ledger

import (
	"testing"
	"time"
)

func TestCountryPrefix(t *testing.T) {
	tests := map[string]string{
		"+31612345678":      "+31",
		"+32470123456":      "+32",
		"+4915112345678":    "+49",
		"+12025550100":      "+1",
		"+79161234567":      "+7",
		"+352621123456":     "+352",
		"+297123456789":     "+297",
		"+8613800138000":    "+86",
		"+85212345678":      "+852",
		"0612345678":        "",
		"+0612345678":       "",
		"+3161234":          "",
		"+3161234567890123": "",
		"+31 612345678":     "",
		"":                  "",
	}
	for in, want := range tests {
		if got := CountryPrefix(in); got != want {
			t.Errorf("CountryPrefix(%q) = %q, want %q", in, got, want)
		}
	}
	for p, want := range map[string]bool{
		"+31": true, "+1": true, "+352": true, "+7": true,
		"": false, "+": false, "31": false, "+3": false, "+316": false, "+0": false, "+3520": false, "+1a": false,
	} {
		if got := validPrefix(p); got != want {
			t.Errorf("validPrefix(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestMonthOf(t *testing.T) {
	at := time.Date(2026, 10, 31, 23, 30, 0, 0, time.UTC)
	if got := MonthOf(at); got != "2026-11" {
		t.Fatalf("MonthOf(%s) = %q, want 2026-11", at, got)
	}
	for m, want := range map[string]bool{
		"2026-11": true, "2026-01": true, "2026-12": true,
		"2026-13": false, "2026-00": false, "2026-1": false, "26-11": false, "2026-11-01": false, "": false,
	} {
		if got := validMonth(m); got != want {
			t.Errorf("validMonth(%q) = %v, want %v", m, got, want)
		}
	}
}
