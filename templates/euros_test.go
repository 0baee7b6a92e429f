package templates

import "testing"

func TestEuros(t *testing.T) {
	for _, tc := range []struct {
		lang  string
		cents int64
		want  string
	}{
		{"nl", 0, "0,00"}, {"nl", 8, "0,08"}, {"nl", 123456, "1.234,56"}, {"nl", 100000000, "1.000.000,00"},
		{"en", 123456, "1,234.56"}, {"nl", -250, "-2,50"}, {"en", 99, "0.99"},
	} {
		if got := Euros(tc.lang, tc.cents); got != tc.want {
			t.Errorf("Euros(%s, %d) = %q, want %q", tc.lang, tc.cents, got, tc.want)
		}
	}
}
