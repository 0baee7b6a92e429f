package session

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// Session is one login of one user in the application.
type Session struct {
	Subject  string    `json:"sub"`
	Name     string    `json:"name,omitempty"`
	Email    string    `json:"email,omitempty"`
	Org      string    `json:"org"`
	OrgName  string    `json:"org_name,omitempty"`
	Customer string    `json:"customer,omitempty"`
	Domain   string    `json:"domain"`
	Roles    []string  `json:"roles"`
	AMR      []string  `json:"amr"`
	ACR      string    `json:"acr"`
	SID      string    `json:"sid"`
	IDToken  string    `json:"id_token"`
	AuthTime time.Time `json:"auth_time"`
	Created  time.Time `json:"created"`
	Expires  time.Time `json:"expires"` // absolute end

	// EmailVerified and BirthDate ("YYYY-MM-DD") come from the ID token's
	// email_verified and birthdate claims; the employee portal links an
	// account by them. Sessions stored before they existed load without
	// them (false and "").
	EmailVerified bool   `json:"email_verified,omitempty"`
	BirthDate     string `json:"birthdate,omitempty"`
}

// The AAL2 limits of a session (NIST SP 800-63B-4 Sec. 2.2.3: an overall
// timeout of no more than 24 hours, an inactivity timeout of no more than
// 1 hour; Sec. 5.2: when either expires the session SHALL be terminated).
// The application's sessions show health data and BSNs, so it holds them to
// these limits whatever Options say.
const (
	MaxIdle     = time.Hour
	MaxAbsolute = 24 * time.Hour
)

// Options configure a Manager.
type Options struct {
	Now  func() time.Time // default time.Now
	Idle time.Duration    // default 30 minutes, at most MaxIdle
	// Absolute is the overall timeout, counted from the user's login at the
	// provider (the ID token's auth_time), not from the start of the
	// session: a session started on an older login ends sooner. Default 8
	// hours, at most MaxAbsolute.
	Absolute time.Duration
	// Secure marks the cookie Secure and names it with the __Host- prefix;
	// set it whenever the application is reached over HTTPS.
	Secure bool
}

// Manager starts, loads and ends sessions.
type Manager struct {
	kv   storage.KV
	opts Options
}

// CookieName is the session cookie's name over plain HTTP (development).
const CookieName = "absence_session"

// New returns a Manager storing sessions in kv.
func New(kv storage.KV, o Options) *Manager {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Idle <= 0 {
		o.Idle = 30 * time.Minute
	}
	if o.Absolute <= 0 {
		o.Absolute = 8 * time.Hour
	}
	o.Idle, o.Absolute = min(o.Idle, MaxIdle), min(o.Absolute, MaxAbsolute)
	return &Manager{kv: kv, opts: o}
}

func (m *Manager) cookieName() string {
	if m.opts.Secure {
		return "__Host-" + CookieName
	}
	return CookieName
}

func sessionKey(hash string) string { return "session:" + hash }
func sidKey(sid string) string      { return "sid:" + sid }
func subKey(sub string) string      { return "sub:" + sub }

func hashID(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}

// ErrStaleLogin refuses to start a session whose login at the provider
// (AuthTime) is unknown or already past the absolute lifetime.
var ErrStaleLogin = errors.New("session: the login at the provider is too old")

// Start stores s as a new session and sets its cookie. Created and Expires
// are set here: Expires is Absolute after s.AuthTime, and no later than
// Absolute from now.
func (m *Manager) Start(ctx context.Context, w http.ResponseWriter, s Session) (Session, error) {
	now := m.opts.Now()
	if s.AuthTime.IsZero() {
		return s, ErrStaleLogin
	}
	s.Created, s.Expires = now, now.Add(m.opts.Absolute)
	if end := s.AuthTime.Add(m.opts.Absolute); end.Before(s.Expires) {
		s.Expires = end
	}
	if !now.Before(s.Expires) {
		return s, ErrStaleLogin
	}
	id := storage.RandomString(32)
	hash := hashID(id)
	life := s.Expires.Sub(now)
	if err := m.save(ctx, hash, s, min(life, m.opts.Idle)); err != nil {
		return s, err
	}
	if s.SID != "" {
		if err := m.kv.SetAdd(ctx, sidKey(s.SID), hash, life); err != nil {
			return s, err
		}
	}
	if err := m.kv.SetAdd(ctx, subKey(s.Subject), hash, life); err != nil {
		return s, err
	}
	http.SetCookie(w, &http.Cookie{
		Name: m.cookieName(), Value: id, Path: "/", HttpOnly: true, Secure: m.opts.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(life.Seconds()),
	})
	return s, nil
}

func (m *Manager) save(ctx context.Context, hash string, s Session, ttl time.Duration) error {
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return m.kv.Set(ctx, sessionKey(hash), b, ttl)
}

// Load returns the session of r's cookie and extends its idle timeout. ok is
// false when there is no cookie or the session ended or expired; err is for
// a store that fails (callers fail closed).
func (m *Manager) Load(ctx context.Context, r *http.Request) (s Session, ok bool, err error) {
	c, err := r.Cookie(m.cookieName())
	if err != nil || c.Value == "" {
		return Session{}, false, nil
	}
	hash := hashID(c.Value)
	b, err := m.kv.Get(ctx, sessionKey(hash))
	if errors.Is(err, storage.ErrNotFound) {
		return Session{}, false, nil
	}
	if err != nil {
		return Session{}, false, err
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return Session{}, false, err
	}
	left := s.Expires.Sub(m.opts.Now())
	if left <= 0 {
		_ = m.kv.Delete(ctx, sessionKey(hash))
		return Session{}, false, nil
	}
	if err := m.save(ctx, hash, s, min(left, m.opts.Idle)); err != nil {
		return Session{}, false, err
	}
	return s, true, nil
}

// End ends the session of r's cookie (if any) and clears the cookie. It
// returns the session that ended.
func (m *Manager) End(ctx context.Context, w http.ResponseWriter, r *http.Request) (Session, bool, error) {
	http.SetCookie(w, &http.Cookie{Name: m.cookieName(), Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: m.opts.Secure, SameSite: http.SameSiteLaxMode})
	c, err := r.Cookie(m.cookieName())
	if err != nil || c.Value == "" {
		return Session{}, false, nil
	}
	hash := hashID(c.Value)
	b, err := m.kv.Take(ctx, sessionKey(hash))
	if errors.Is(err, storage.ErrNotFound) {
		return Session{}, false, nil
	}
	if err != nil {
		return Session{}, false, err
	}
	var s Session
	if err := json.Unmarshal(b, &s); err != nil {
		return Session{}, false, err
	}
	return s, true, nil
}

// EndSID ends every session of the IdP session sid and returns how many
// were still live.
func (m *Manager) EndSID(ctx context.Context, sid string) (int, error) {
	if sid == "" {
		return 0, nil
	}
	return m.endIndexed(ctx, sidKey(sid))
}

// EndSubject ends every session of a user and returns how many were still live.
func (m *Manager) EndSubject(ctx context.Context, sub string) (int, error) {
	if sub == "" {
		return 0, nil
	}
	return m.endIndexed(ctx, subKey(sub))
}

func (m *Manager) endIndexed(ctx context.Context, key string) (int, error) {
	hashes, err := m.kv.SetMembers(ctx, key)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, h := range hashes {
		if _, err := m.kv.Take(ctx, sessionKey(h)); err == nil {
			n++
		} else if !errors.Is(err, storage.ErrNotFound) {
			return n, err
		}
		if err := m.kv.SetRemove(ctx, key, h); err != nil {
			return n, err
		}
	}
	return n, nil
}
