package webauthn_test

import (
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/webauthn"
	"github.com/mijnaccount/mijnaccount/storage/memkv"
)

func TestNewReportsEveryMissingOption(t *testing.T) {
	_, err := webauthn.New(webauthn.Config{})
	if err == nil {
		t.Fatal("empty config accepted")
	}
	for _, want := range []string{
		"webauthn: option 'rp_id' is required",
		"webauthn: option 'rp_name' is required",
		"webauthn: option 'origins'",
		"webauthn: option 'kv'",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestNewChecksValues(t *testing.T) {
	valid := func() webauthn.Config {
		return webauthn.Config{
			RPID:     "login.example.nl",
			RPName:   "Mijn Account",
			Origins:  []string{"https://login.example.nl", "https://eu.login.example.nl:8443"},
			U2FAppID: "https://login.example.nl/u2f/appid.json",
			KV:       memkv.New(time.Now),
		}
	}
	if _, err := webauthn.New(valid()); err != nil {
		t.Fatalf("valid config refused: %v", err)
	}
	cases := []struct {
		change func(*webauthn.Config)
		want   string
	}{
		{func(c *webauthn.Config) { c.RPID = "https://login.example.nl" }, "'rp_id'"},
		{func(c *webauthn.Config) { c.RPID = "login.example.nl:443" }, "'rp_id'"},
		{func(c *webauthn.Config) { c.RPID = "10.0.0.1" }, "'rp_id'"},
		{func(c *webauthn.Config) { c.Origins = []string{"http://login.example.nl"} }, "must use https"},
		{func(c *webauthn.Config) { c.Origins = []string{"https://login.example.nl/mfa"} }, "is not an origin"},
		{func(c *webauthn.Config) { c.Origins = []string{"login.example.nl"} }, "is not an origin"},
		{func(c *webauthn.Config) { c.Origins = []string{"https://evil-login.example.nl"} }, "is not on the relying party id"},
		{func(c *webauthn.Config) { c.Origins = []string{"https://example.nl"} }, "is not on the relying party id"},
		{func(c *webauthn.Config) { c.U2FAppID = "http://login.example.nl/appid.json" }, "'u2f_app_id'"},
		{func(c *webauthn.Config) { c.U2FAppID = "appid.json" }, "'u2f_app_id'"},
	}
	for _, tc := range cases {
		cfg := valid()
		tc.change(&cfg)
		_, err := webauthn.New(cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("config %+v: err = %v, want it to mention %q", cfg, err, tc.want)
		}
	}
}

func TestLocalhostMayUseHTTP(t *testing.T) {
	_, err := webauthn.New(webauthn.Config{
		RPID:    "localhost",
		RPName:  "Mijn Account",
		Origins: []string{"http://localhost:8080"},
		KV:      memkv.New(time.Now),
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestBeginRefusesAUserWithoutID(t *testing.T) {
	e := newEnv(t, "memory")
	if _, err := e.svc.BeginRegistration(t.Context(), webauthn.User{Name: "x"}); err == nil {
		t.Error("registration begun without a user id")
	}
	u := newUser(strings.Repeat("x", 65))
	if _, err := e.svc.BeginRegistration(t.Context(), u); err == nil {
		t.Error("registration begun with a 65-byte user id")
	}
}
