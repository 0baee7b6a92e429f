package session

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// TestPortalClaimsRoundTrip: the birth date and email_verified are kept
// with the session.
func TestPortalClaimsRoundTrip(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			clock := storagetest.NewClock(time.Now())
			m := New(b.open(t, clock.Now), Options{Now: clock.Now})
			r := start(t, m, Session{Subject: "user-1", Org: "org-1", Domain: "werkgever", SID: "sid-1",
				Email: "sanne@bakkerij.example", EmailVerified: true, BirthDate: "1985-04-12"})
			s, ok, err := m.Load(context.Background(), r)
			if err != nil || !ok {
				t.Fatalf("load: %v %v", ok, err)
			}
			if s.BirthDate != "1985-04-12" || !s.EmailVerified {
				t.Fatalf("birth date %q verified %v", s.BirthDate, s.EmailVerified)
			}
		})
	}
}

// TestSessionStoredBeforeThePortalClaimsLoads: a session written by an
// earlier version (no email_verified, no birthdate) still loads, without
// them.
func TestSessionStoredBeforeThePortalClaimsLoads(t *testing.T) {
	const old = `{"sub":"user-1","name":"Sanne","email":"sanne@bakkerij.example","org":"org-1","domain":"werkgever",` +
		`"roles":["werknemer"],"amr":["pwd","otp"],"acr":"aal2","sid":"sid-1","id_token":"x.y.z",` +
		`"auth_time":"2026-08-03T09:00:00Z","created":"2026-08-03T09:00:00Z","expires":"2999-01-01T00:00:00Z"}`
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			clock := storagetest.NewClock(time.Now())
			kv := b.open(t, clock.Now)
			m := New(kv, Options{Now: clock.Now})
			const id = "a-cookie-value-of-an-older-session-0123456789"
			if err := kv.Set(context.Background(), sessionKey(hashID(id)), []byte(old), time.Minute); err != nil {
				t.Fatal(err)
			}
			r := httptest.NewRequest("GET", "/", nil)
			r.AddCookie(&http.Cookie{Name: CookieName, Value: id})
			s, ok, err := m.Load(context.Background(), r)
			if err != nil || !ok {
				t.Fatalf("load: %v %v", ok, err)
			}
			if s.Subject != "user-1" || s.Email != "sanne@bakkerij.example" || s.BirthDate != "" || s.EmailVerified {
				t.Fatalf("loaded %+v", s)
			}
		})
	}
}
