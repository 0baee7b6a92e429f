package login

import (
	"testing"
	"time"
)

func TestSafeReturnToKeepsOnlyLocalPaths(t *testing.T) {
	for in, want := range map[string]string{
		"":                                 "/account",
		"/account/sessions":                "/account/sessions",
		"/oauth2/auth?client_id=a&state=b": "/oauth2/auth?client_id=a&state=b",
		"https://evil.example/":            "/account",
		"//evil.example/x":                 "/account",
		"/\\evil.example":                  "/account",
		"javascript:alert(1)":              "/account",
		"/account\r\nSet-Cookie: x=1":      "/account",
		"account":                          "/account",
	} {
		if got := SafeReturnTo(in); got != want {
			t.Errorf("SafeReturnTo(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDelayGrowsThenLocks(t *testing.T) {
	for n, want := range map[int64]time.Duration{
		0: 0, 1: 0, 2: 0, 3: time.Second, 4: 2 * time.Second, 5: 4 * time.Second,
		9: 64 * time.Second, 10: 15 * time.Minute, 55: 15 * time.Minute,
	} {
		if got := Delay(n); got != want {
			t.Errorf("Delay(%d) = %v, want %v", n, got, want)
		}
	}
}
