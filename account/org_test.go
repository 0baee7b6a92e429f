package account

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"
)

func TestIPAllowed(t *testing.T) {
	o := Org{IPAllowList: []string{"192.0.2.0/24", "2001:db8::/32"}}
	for ip, want := range map[string]bool{
		"192.0.2.7":           true,
		"::ffff:192.0.2.7":    true, // IPv4-mapped
		"192.0.3.1":           false,
		"2001:db8::1":         true,
		"2001:db9::1":         false,
		"::ffff:198.51.100.1": false,
	} {
		if got := o.IPAllowed(netip.MustParseAddr(ip)); got != want {
			t.Errorf("IPAllowed(%s) = %v, want %v", ip, got, want)
		}
	}
	if o.IPAllowed(netip.Addr{}) {
		t.Error("unknown client address allowed by an allow-list")
	}
	if !(Org{}).IPAllowed(netip.MustParseAddr("203.0.113.9")) || !(Org{}).IPAllowed(netip.Addr{}) {
		t.Error("an empty allow-list must allow everyone")
	}
}

func TestValidateOrgReportsEveryProblem(t *testing.T) {
	err := ValidateOrg(Org{Name: " ", Domain: "x", AllowedFactors: []string{"email", "sms", "sms"},
		PasswordMinLength: 3, SessionIdle: 1, IPAllowList: []string{"10.0.0.1", "10.0.0.1/8", "nonsense"}})
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("ValidateOrg = %v", err)
	}
	for _, part := range []string{"invalid name", "invalid domain", `unknown factor "email"`, `factor "sms" is listed twice`,
		"invalid password_min_length", "invalid session_idle", `"10.0.0.1" is an address, not a CIDR prefix`,
		"did you mean 10.0.0.0/8", `"nonsense" is not a CIDR prefix`} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error lacks %q:\n%v", part, err)
		}
	}
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Field == "" {
		t.Errorf("error is not a *ValidationError naming a field: %v", err)
	}
	if err := ValidateOrg(Org{Name: "Ok", Domain: Werkgever}.WithDefaults()); err != nil {
		t.Errorf("defaults are invalid: %v", err)
	}
}

func TestValidateOrgHoldsSessionsToTheAAL2Limits(t *testing.T) {
	base := Org{Name: "Ok", Domain: Werkgever}.WithDefaults()
	for name, tc := range map[string]struct {
		change func(*Org)
		field  string // "" when valid
	}{
		"idle 1h":             {func(o *Org) { o.SessionIdle = time.Hour }, ""},
		"idle 61m":            {func(o *Org) { o.SessionIdle = 61 * time.Minute }, "session_idle"},
		"absolute 24h":        {func(o *Org) { o.SessionAbsolute = 24 * time.Hour }, ""},
		"absolute 24h1s":      {func(o *Org) { o.SessionAbsolute = 24*time.Hour + time.Second }, "session_absolute"},
		"stay logged in 24h":  {func(o *Org) { o.StayLoggedIn = 24 * time.Hour }, ""},
		"stay logged in 30d":  {func(o *Org) { o.StayLoggedIn = 30 * 24 * time.Hour }, "stay_logged_in"},
		"stay logged in 400d": {func(o *Org) { o.StayLoggedIn = 400 * 24 * time.Hour }, "stay_logged_in"},
	} {
		t.Run(name, func(t *testing.T) {
			o := base
			tc.change(&o)
			err := ValidateOrg(o)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Field != tc.field || !strings.Contains(err.Error(), "aal2") {
				t.Fatalf("want a refusal of %s naming aal2, got %v", tc.field, err)
			}
		})
	}
	if d := base; d.SessionIdle != 30*time.Minute || d.SessionAbsolute != 12*time.Hour || d.StayLoggedIn != 12*time.Hour {
		t.Errorf("defaults %v / %v / %v, want 30m / 12h / 12h", d.SessionIdle, d.SessionAbsolute, d.StayLoggedIn)
	}
}
