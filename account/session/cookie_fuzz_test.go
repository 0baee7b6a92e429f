package session

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/securecookie"

	"github.com/mijnaccount/mijnaccount/storage/memkv"
)

// cookieValues returns the values of every ma_session cookie in a Cookie
// header, read by hand: split at ';', name before '=', optional quotes.
func cookieValues(header string) []string {
	var out []string
	for _, part := range strings.Split(header, ";") {
		name, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || strings.TrimSpace(name) != CookieName {
			continue
		}
		value = strings.TrimSpace(value)
		if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
			value = value[1 : len(value)-1]
		}
		out = append(out, value)
	}
	return out
}

// sameCookie reports whether value decodes (base64url, as securecookie reads
// it) to the same bytes as the cookie the server set.
func sameCookie(value, set string) bool {
	a, errA := base64.URLEncoding.DecodeString(value)
	b, errB := base64.URLEncoding.DecodeString(set)
	return errA == nil && errB == nil && bytes.Equal(a, b)
}

// FuzzSessionCookie: whatever Cookie header a browser sends, Current finds a
// session only for a ma_session cookie whose content is one the server set
// for that very session (base64 may be written in more than one way; the
// bytes may not differ), never for one of a session that has ended, and a
// refused cookie is ErrNoSession, never another error.
func FuzzSessionCookie(f *testing.F) {
	now := time.Date(2026, 8, 3, 9, 0, 0, 0, time.UTC)
	m, err := NewManager(Options{KV: memkv.New(func() time.Time { return now }), HashKey: []byte(strings.Repeat("h", 32)),
		BlockKey: []byte(strings.Repeat("b", 32)), Now: func() time.Time { return now }})
	if err != nil {
		f.Fatal(err)
	}
	pol := Policy{Idle: 30 * time.Minute, Absolute: 12 * time.Hour}
	login := func(user string) (Session, string) {
		w := httptest.NewRecorder()
		s, err := m.Start(context.Background(), w, httptest.NewRequest("GET", "/", nil),
			Session{UserID: user, OrgID: "org1", AMR: []string{"pwd", "otp"}, ACR: "aal2"}, pol)
		if err != nil {
			f.Fatal(err)
		}
		for _, c := range w.Result().Cookies() {
			if c.Name == CookieName {
				return s, c.Value
			}
		}
		f.Fatal("no session cookie")
		return s, ""
	}
	anna, annaCookie := login("anna")
	bert, bertCookie := login("bert")
	ended, endedCookie := login("carla")
	if err := m.Revoke(context.Background(), ended.UserID, ended.Handle); err != nil {
		f.Fatal(err)
	}
	live := map[string]string{anna.Handle: annaCookie, bert.Handle: bertCookie}

	// A cookie made with other keys, under another name, or for another
	// purpose than a session must not be taken either.
	other := securecookie.New([]byte(strings.Repeat("x", 32)), []byte(strings.Repeat("y", 32)))
	forged, _ := other.Encode(CookieName, map[any]any{"sid": "guess"})
	right := securecookie.New([]byte(strings.Repeat("h", 32)), []byte(strings.Repeat("b", 32)))
	otherName, _ := right.Encode("ma_flow", map[any]any{"sid": "guess"})
	flipped := []byte(annaCookie)
	flipped[len(flipped)/2] ^= 1
	for _, seed := range []string{
		CookieName + "=" + annaCookie,
		CookieName + "=" + bertCookie,
		CookieName + "=" + endedCookie,
		CookieName + "=\"" + annaCookie + "\"",
		CookieName + "=" + string(flipped),
		CookieName + "=" + annaCookie[:len(annaCookie)-4],
		CookieName + "=" + annaCookie + bertCookie,
		CookieName + "=x; " + CookieName + "=" + annaCookie,
		"other=" + annaCookie,
		CookieName + "=" + forged,
		CookieName + "=" + otherName,
		CookieName + "=",
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, header string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Cookie", header)
		s, err := m.Current(r)
		if err != nil {
			if !errors.Is(err, ErrNoSession) {
				t.Fatalf("Cookie %q: %v, want ErrNoSession", header, err)
			}
			return
		}
		set, ok := live[s.Handle]
		if !ok {
			t.Fatalf("Cookie %q gave session %+v, which is not live", header, s)
		}
		for _, v := range cookieValues(header) {
			if sameCookie(v, set) {
				return
			}
		}
		t.Fatalf("Cookie %q gave the session of %s without its cookie", header, s.UserID)
	})
}
