package session

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/storage/memkv"
)

// FuzzSessionCookie: whatever Cookie header a browser sends, Load finds a
// session only when an absence_session cookie in it holds, byte for byte,
// the random id the server set for that session; never the session of one
// that was ended; and never a store error for a made-up cookie.
func FuzzSessionCookie(f *testing.F) {
	now := time.Date(2026, 8, 3, 9, 0, 0, 0, time.UTC)
	m := New(memkv.New(func() time.Time { return now }), Options{Now: func() time.Time { return now }})
	login := func(sub string) string {
		w := httptest.NewRecorder()
		if _, err := m.Start(context.Background(), w, Session{Subject: sub, Org: "org-1", Domain: "werkgever", SID: "sid-" + sub, AuthTime: now}); err != nil {
			f.Fatal(err)
		}
		for _, c := range w.Result().Cookies() {
			if c.Name == CookieName {
				return c.Value
			}
		}
		f.Fatal("no session cookie")
		return ""
	}
	live := map[string]string{"anna": login("anna"), "bert": login("bert")}
	ended := login("carla")
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Cookie", CookieName+"="+ended)
	if _, ok, err := m.End(context.Background(), httptest.NewRecorder(), r); !ok || err != nil {
		f.Fatalf("end: %v %v", ok, err)
	}
	anna := live["anna"]
	for _, seed := range []string{
		CookieName + "=" + anna,
		CookieName + "=" + ended,
		CookieName + "=\"" + anna + "\"",
		CookieName + "=" + strings.ToUpper(anna),
		CookieName + "=" + anna[:len(anna)-1],
		CookieName + "=" + anna + "=",
		CookieName + "=" + anna + live["bert"],
		CookieName + "=x; " + CookieName + "=" + anna,
		"__Host-" + CookieName + "=" + anna,
		CookieName + "=",
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, header string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Cookie", header)
		s, ok, err := m.Load(context.Background(), r)
		if err != nil {
			t.Fatalf("Cookie %q: %v", header, err)
		}
		if !ok {
			return
		}
		set, live := live[s.Subject]
		if !live {
			t.Fatalf("Cookie %q gave the session of %q, which ended", header, s.Subject)
		}
		for _, part := range strings.Split(header, ";") {
			name, value, _ := strings.Cut(strings.TrimSpace(part), "=")
			value = strings.TrimSpace(value)
			if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
				value = value[1 : len(value)-1]
			}
			if strings.TrimSpace(name) == CookieName && value == set {
				return
			}
		}
		t.Fatalf("Cookie %q gave the session of %q without its cookie", header, s.Subject)
	})
}
