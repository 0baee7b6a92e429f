package password

import (
	"slices"
	"strings"
	"testing"
)

func ids(ms []Message) []Violation {
	var out []Violation
	for _, m := range ms {
		out = append(out, Violation(strings.TrimPrefix(m.ID, "password.")))
	}
	return out
}

func TestPolicyCheck(t *testing.T) {
	const email = "j.devries@voorbeeld.nl"
	for _, tc := range []struct {
		name   string
		policy Policy
		pw     string
		email  string
		want   []Violation
	}{
		{"dutch passphrase", Policy{}, "fietsen langs de grachten in mei", email, nil},
		{"dutch passphrase with diacritics", Policy{}, "één ijsje op het terras", email, nil},
		{"long random", Policy{}, "tK9#vQ2!mZ", email, nil},
		{"exactly min length", Policy{}, "abcdefghij", email, nil},
		{"exactly max length", Policy{}, strings.Repeat("ab", 64), email, nil},
		{"too short", Policy{}, "kort!", email, []Violation{TooShort}},
		{"empty", Policy{}, "", email, []Violation{TooShort}},
		{"runes not bytes", Policy{}, "ééééééééé", email, []Violation{TooShort}}, // 9 runes, 18 bytes
		{"org minimum", Policy{MinLength: 14}, "twaalf tekens", email, []Violation{TooShort}},
		{"minimum below floor counts as 8", Policy{MinLength: 4}, "abcdefg", email, []Violation{TooShort}},
		{"too long", Policy{}, strings.Repeat("a", 129), email, []Violation{TooLong}},
		{"too long custom", Policy{MaxLength: 20}, "een zin van meer dan twintig tekens", email, []Violation{TooLong}},
		{"contains email local part", Policy{}, "J.DeVries-2024-veilig", email, []Violation{ContainsEmail}},
		{"contains a word of the local part", Policy{}, "devries is mijn naam", email, []Violation{ContainsEmail}},
		{"short word of local part is fine", Policy{}, "ik ben j. van de zaak", "jan.smit@voorbeeld.nl", nil},
		{"short local part not checked", Policy{}, "jo jo jo jo jo", "jo@voorbeeld.nl", nil},
		{"no email", Policy{}, "fietsen langs de grachten", "", nil},
		{"common dutch", Policy{}, "Welkom2024!", email, []Violation{Common}},
		{"common wachtwoord", Policy{}, "Wachtwoord123", email, []Violation{Common}},
		{"common season", Policy{}, "ZOMER2023!", email, []Violation{Common}},
		{"common club", Policy{}, "Feyenoord1908", email, []Violation{Common}},
		{"common leet", Policy{}, "P@$$w0rd123", email, []Violation{Common}},
		{"common digits", Policy{}, "1234567890", email, []Violation{Common}},
		{"classes required and missing", Policy{RequireClasses: 3}, "alleen kleine letters", email, []Violation{Classes}},
		{"classes required and met", Policy{RequireClasses: 3}, "Drie soorten tekens!", email, nil},
		{"classes not required", Policy{}, "alleen kleine letters", email, nil},
		{"several at once", Policy{RequireClasses: 3}, "welkom01", email, []Violation{TooShort, Common, Classes}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ids(tc.policy.Check(tc.pw, tc.email))
			if !slices.Equal(got, tc.want) {
				t.Fatalf("Check(%q) = %v; want %v", tc.pw, got, tc.want)
			}
		})
	}
}

func TestPolicyMessages(t *testing.T) {
	ms := Policy{MinLength: 12}.Check("kort", "")
	if len(ms) != 1 || ms[0].ID != "password.too_short" || !slices.Equal(ms[0].Args, []any{12}) || !ms[0].Is(TooShort) {
		t.Fatalf("Check = %+v; want password.too_short with Args [12]", ms)
	}
	if got := Common.MessageID(); got != "password.common" {
		t.Fatalf("MessageID = %q", got)
	}
}

func TestCommonList(t *testing.T) {
	list := commonList()
	if len(list) < 10000 {
		t.Fatalf("common list has %d entries; want at least 10000", len(list))
	}
	var n int
	for _, l := range strings.Split(commonTxt, "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if l != strings.ToLower(l) || l != strings.TrimSpace(l) {
			t.Fatalf("entry %q is not lower case and trimmed", l)
		}
		n++
	}
	if n != len(list) {
		t.Fatalf("common.txt has %d entries but %d distinct ones; regenerate it", n, len(list))
	}
	for _, pw := range []string{"wachtwoord", "Welkom01", "qwerty123", "Ajax2024", "herfst2019", "september2025!"} {
		if !IsCommon(pw) {
			t.Errorf("IsCommon(%q) = false", pw)
		}
	}
	if IsCommon("fietsen langs de grachten in mei") {
		t.Error("a passphrase is on the common list")
	}
}
