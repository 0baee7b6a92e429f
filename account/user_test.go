package account

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizeEmail(t *testing.T) {
	if got := NormalizeEmail("  Anna.De.Vries@Example.NL "); got != "anna.de.vries@example.nl" {
		t.Fatalf("NormalizeEmail = %q", got)
	}
}

func TestValidateEmail(t *testing.T) {
	for _, ok := range []string{"a@example.nl", "anna.de-vries+verzuim@sub.example.co.uk", "A@EXAMPLE.NL"} {
		if err := ValidateEmail(ok); err != nil {
			t.Errorf("ValidateEmail(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"", "example.nl", "a@localhost", "a@.nl", "a@example.", "a@example..nl", "Anna <a@example.nl>",
		" a@example.nl", "a@b@example.nl", strings.Repeat("a", 245) + "@example.nl"} {
		if err := ValidateEmail(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("ValidateEmail(%q) = %v, want ErrInvalid", bad, err)
		}
	}
}
