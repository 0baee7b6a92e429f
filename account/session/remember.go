package session

import (
	"net/http"
	"time"
)

// RememberCookie holds, signed and encrypted with the session cookie's keys,
// the email address of a user who chose "stay logged in" on this browser, so
// the login form can fill it in. It proves nothing: a login still needs the
// password and a second factor, and the session it starts keeps the AAL2
// limits.
const RememberCookie = "ma_remember"

// RememberFor is how long a browser remembers the address after the last
// login that asked for it.
const RememberFor = 30 * 24 * time.Hour

// Remember keeps email in the browser's remember cookie for RememberFor.
func (m *Manager) Remember(w http.ResponseWriter, r *http.Request, email string) error {
	c, _ := m.cookies.New(r, RememberCookie)
	c.Values = map[any]any{"email": email}
	o := *m.cookies.Options
	o.MaxAge = int(RememberFor.Seconds())
	c.Options = &o
	return m.cookies.Save(r, w, c)
}

// Remembered returns the email address the browser's remember cookie holds,
// or "" when it has none (missing, forged or older than RememberFor).
func (m *Manager) Remembered(r *http.Request) string {
	if _, err := r.Cookie(RememberCookie); err != nil {
		return ""
	}
	c, err := m.cookies.New(r, RememberCookie)
	if err != nil || c.IsNew {
		return ""
	}
	email, _ := c.Values["email"].(string)
	return email
}

// Forget clears the browser's remember cookie.
func (m *Manager) Forget(w http.ResponseWriter, r *http.Request) {
	if _, err := r.Cookie(RememberCookie); err != nil {
		return
	}
	c, _ := m.cookies.New(r, RememberCookie)
	o := *m.cookies.Options
	o.MaxAge = -1
	c.Options = &o
	_ = m.cookies.Save(r, w, c)
}
