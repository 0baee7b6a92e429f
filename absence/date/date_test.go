package date

import (
	"testing"
	"time"
)

func TestParseAcceptsISOAndDutch(t *testing.T) {
	for _, in := range []string{"2026-03-31", "31-03-2026", "31-3-2026", "31/03/2026", " 31.03.2026 "} {
		d, err := Parse(in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", in, err)
		}
		if d.String() != "2026-03-31" {
			t.Errorf("Parse(%q) = %s", in, d)
		}
	}
	for _, in := range []string{"", "31-02-2026", "2026-13-01", "morgen", "1800-01-01"} {
		if _, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) accepted", in)
		}
	}
}

func TestArithmeticIgnoresSummerTime(t *testing.T) {
	d := MustParse("2026-03-25") // the clocks go forward on 29 March
	if got := d.AddDays(7).String(); got != "2026-04-01" {
		t.Errorf("AddDays(7) = %s", got)
	}
	if n := MustParse("2026-04-01").DaysSince(d); n != 7 {
		t.Errorf("DaysSince = %d", n)
	}
}

func TestOfUsesTheZone(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Skip("no zoneinfo")
	}
	at := time.Date(2026, 6, 30, 22, 30, 0, 0, time.UTC) // 00:30 on 1 July in Amsterdam
	if got := Of(at, ams).String(); got != "2026-07-01" {
		t.Errorf("Of = %s", got)
	}
}

func TestFormat(t *testing.T) {
	d := MustParse("2026-03-05")
	if d.Format("nl") != "05-03-2026" || d.Format("en") != "5 Mar 2026" {
		t.Errorf("Format: %q %q", d.Format("nl"), d.Format("en"))
	}
	if (Date{}).Format("nl") != "" || (Date{}).String() != "" {
		t.Error("zero date should format empty")
	}
}
