package amsterdam

import (
	"testing"
	"time"
)

func TestMonthOfCountsInAmsterdam(t *testing.T) {
	for _, tt := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 10, 31, 23, 30, 0, 0, time.UTC), "2026-11"}, // 00:30 CET
		{time.Date(2026, 6, 30, 21, 59, 0, 0, time.UTC), "2026-06"},  // 23:59 CEST
		{time.Date(2026, 6, 30, 22, 0, 0, 0, time.UTC), "2026-07"},   // 00:00 CEST
	} {
		if got := MonthOf(tt.at); got != tt.want {
			t.Errorf("MonthOf(%v) = %q, want %q", tt.at, got, tt.want)
		}
	}
}

func TestParseMonth(t *testing.T) {
	start, ok := ParseMonth("2026-11")
	if want := time.Date(2026, 10, 31, 23, 0, 0, 0, time.UTC); !ok || !start.Equal(want) {
		t.Errorf("ParseMonth(2026-11) = %v, %v; want %v, true", start, ok, want)
	}
	for _, bad := range []string{"", "2026-13", "2026-00", "2026-1", "26-11", "2026-11-01", " 2026-11"} {
		if _, ok := ParseMonth(bad); ok {
			t.Errorf("ParseMonth(%q) ok, want rejected", bad)
		}
	}
}
