package sms

import (
	"strings"
	"testing"
)

func TestSegments(t *testing.T) {
	tests := []struct {
		name string
		body string
		want int
	}{
		{"empty", "", 0},
		{"login code", "Uw Mijn Account code is 123456. Deel deze code met niemand.", 1},
		{"gsm exactly 160", strings.Repeat("a", 160), 1},
		{"gsm 161 splits", strings.Repeat("a", 161), 2},
		{"gsm 306 is two parts of 153", strings.Repeat("a", 306), 2},
		{"gsm 307 is three parts", strings.Repeat("a", 307), 3},
		{"gsm accents stay gsm", strings.Repeat("é", 160), 1},
		{"euro sign takes two septets", strings.Repeat("€", 80), 1},
		{"euro sign 81 times splits", strings.Repeat("€", 81), 2},
		{"escape pair not split across parts", strings.Repeat("a", 152) + "€" + strings.Repeat("a", 152), 3},
		{"ucs2 exactly 70", strings.Repeat("ë", 70), 1},
		{"ucs2 71 splits", strings.Repeat("ë", 71), 2},
		{"ucs2 134 is two parts of 67", strings.Repeat("ë", 134), 2},
		{"ucs2 135 is three parts", strings.Repeat("ë", 135), 3},
		{"one emoji makes it ucs2", "code 123456 🙂", 1},
		{"emoji counts two units", strings.Repeat("🙂", 35), 1},
		{"emoji 36 splits", strings.Repeat("🙂", 36), 2},
		{"one non-gsm char turns long gsm text into ucs2", strings.Repeat("a", 100) + "ë", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Segments(tt.body); got != tt.want {
				t.Fatalf("Segments = %d, want %d", got, tt.want)
			}
		})
	}
}
