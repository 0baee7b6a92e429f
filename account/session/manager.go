package session

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gorilla/sessions"

	"github.com/mijnaccount/mijnaccount/storage"
)

// CookieName is the name of the session cookie.
const CookieName = "ma_session"

const (
	recordPrefix = "session:"
	userPrefix   = "user-sessions:"
	touchEvery   = time.Minute // LastSeen is written at most this often
)

// Manager starts, finds, lists and ends sessions.
type Manager struct {
	kv      storage.KV
	cookies *sessions.CookieStore
	now     func() time.Time
	grace   time.Duration
	onEnd   []func(context.Context, Session)
	// onRevokeAll run after RevokeAll, for what else a user's sessions
	// carried (the OAuth tokens issued in them).
	onRevokeAll []func(ctx context.Context, userID string) error
}

// Options configure a Manager.
type Options struct {
	KV storage.KV
	// HashKey (32 or 64 bytes) signs the cookie; BlockKey (32 bytes) encrypts it.
	// Every instance must use the same keys.
	HashKey, BlockKey []byte
	// Secure marks the cookie Secure (set when the issuer is https).
	Secure bool
	Now    func() time.Time
	// ExpiryGrace is how long a session's record is kept after its idle or
	// absolute end, so SweepExpired can still end it (and tell the OnEnd
	// listeners) when no sweep ran in time; DefaultExpiryGrace when 0 or less.
	ExpiryGrace time.Duration
}

// NewManager returns a Manager. The cookie is HttpOnly, SameSite=Lax, Path=/.
func NewManager(o Options) (*Manager, error) {
	if len(o.HashKey) < 32 || len(o.BlockKey) != 32 {
		return nil, errors.New("session: cookie hash key must be at least 32 bytes and block key exactly 32")
	}
	cs := sessions.NewCookieStore(o.HashKey, o.BlockKey)
	cs.Options = &sessions.Options{Path: "/", HttpOnly: true, Secure: o.Secure, SameSite: http.SameSiteLaxMode}
	now := o.Now
	if now == nil {
		now = time.Now
	}
	grace := o.ExpiryGrace
	if grace <= 0 {
		grace = DefaultExpiryGrace
	}
	return &Manager{kv: o.KV, cookies: cs, now: now, grace: grace}, nil
}

// OnEnd registers fn to be told of every session that ends: revoked, logged
// out, or expired (once SweepExpired finds it). Each ended session is told
// once, with its Clients filled.
func (m *Manager) OnEnd(fn func(context.Context, Session)) { m.onEnd = append(m.onEnd, fn) }

// OnRevokeAll registers fn to run at the end of every RevokeAll, with the
// user's id, also when no session was left to end. RevokeAll is how every
// security event ends a user's sessions (logout everywhere, a password
// change, a recovery code, a phone change, the helpdesk); fn revokes what
// outlives a session, and its error is RevokeAll's. Register before use.
func (m *Manager) OnRevokeAll(fn func(ctx context.Context, userID string) error) {
	m.onRevokeAll = append(m.onRevokeAll, fn)
}

// handleOf derives the public handle from the secret id.
func handleOf(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:16])
}

// Start creates a new session for s.UserID and sets the cookie. Any session
// the browser already had is ended first, so the id always changes at login.
// The caller fills UserID, OrgID, AMR, ACR, AuthTime, StayLoggedIn, Device and
// Network; Start fills the rest from pol.
func (m *Manager) Start(ctx context.Context, w http.ResponseWriter, r *http.Request, s Session, pol Policy) (Session, error) {
	if s.UserID == "" {
		return Session{}, errors.New("session: no user")
	}
	if old, err := m.Current(r); err == nil {
		if err := m.end(ctx, old, true); err != nil {
			return Session{}, err
		}
	}
	pol = pol.withDefaults()
	now := m.now().UTC()
	id := storage.RandomString(32)
	s.Handle = handleOf(id)
	s.CreatedAt, s.LastSeen = now, now
	if s.AuthTime.IsZero() {
		s.AuthTime = now
	}
	s.Idle = pol.Idle
	s.Expires = now.Add(pol.Absolute)
	if s.StayLoggedIn { // a persistent cookie, never a longer idle timeout
		s.Expires = now.Add(pol.StayLoggedIn)
	}
	if err := m.save(ctx, s, now); err != nil {
		return Session{}, err
	}
	if err := m.kv.SetAdd(ctx, userPrefix+s.UserID, s.Handle, s.Expires.Sub(now)); err != nil {
		return Session{}, fmt.Errorf("session: index: %w", err)
	}
	if err := m.schedule(ctx, s, now); err != nil {
		return Session{}, err
	}
	c, _ := m.cookies.New(r, CookieName)
	c.Values["sid"] = id
	c.Options = m.cookieOptions(s, now)
	if err := m.cookies.Save(r, w, c); err != nil {
		return Session{}, fmt.Errorf("session: cookie: %w", err)
	}
	return s, nil
}

func (m *Manager) cookieOptions(s Session, now time.Time) *sessions.Options {
	o := *m.cookies.Options
	if s.StayLoggedIn {
		o.MaxAge = int(s.end().Sub(now).Seconds())
	} else {
		o.MaxAge = 0 // a browser-session cookie
	}
	return &o
}

func (m *Manager) save(ctx context.Context, s Session, now time.Time) error {
	raw, err := json.Marshal(s)
	if err != nil {
		return err
	}
	ttl := s.remaining(now)
	if ttl <= 0 {
		return ErrNoSession
	}
	// The record outlives the session by the grace, for SweepExpired.
	if err := m.kv.Set(ctx, recordPrefix+s.Handle, raw, ttl+m.grace); err != nil {
		return fmt.Errorf("session: store: %w", err)
	}
	return nil
}

// Current returns the live session of the request. A missing, forged, expired
// or revoked session is ErrNoSession; a store failure is returned as such, so
// callers fail closed rather than treating it as "logged out".
func (m *Manager) Current(r *http.Request) (Session, error) {
	id, ok := m.cookieID(r)
	if !ok {
		return Session{}, ErrNoSession
	}
	s, err := m.get(r.Context(), handleOf(id))
	if err != nil {
		return Session{}, err
	}
	now := m.now()
	if !s.alive(now) { // the record stays for SweepExpired to end the session
		return Session{}, ErrNoSession
	}
	if now.Sub(s.LastSeen) >= touchEvery {
		s.LastSeen = now.UTC()
		if err := m.save(r.Context(), s, now); err != nil {
			return Session{}, err
		}
	}
	return s, nil
}

func (m *Manager) cookieID(r *http.Request) (string, bool) {
	if _, err := r.Cookie(CookieName); err != nil {
		return "", false
	}
	c, err := m.cookies.New(r, CookieName) // decodes without caching in the request registry
	if err != nil || c.IsNew {
		return "", false
	}
	id, ok := c.Values["sid"].(string)
	return id, ok && id != ""
}

func (m *Manager) get(ctx context.Context, handle string) (Session, error) {
	raw, err := m.kv.Get(ctx, recordPrefix+handle)
	if errors.Is(err, storage.ErrNotFound) {
		return Session{}, ErrNoSession
	}
	if err != nil {
		return Session{}, fmt.Errorf("session: store: %w", err)
	}
	var s Session
	if err := json.Unmarshal(raw, &s); err != nil {
		return Session{}, fmt.Errorf("session: corrupt record: %w", err)
	}
	// A record stored before the AAL2 limits applied keeps no more than
	// they allow.
	s.Expires, s.Idle = s.end(), s.idleLimit()
	return s, nil
}

// live is get for a session that has not expired: an expired one, whose
// record waits for SweepExpired, is ErrNoSession.
func (m *Manager) live(ctx context.Context, handle string) (Session, error) {
	s, err := m.get(ctx, handle)
	if err == nil && !s.alive(m.now()) {
		return Session{}, ErrNoSession
	}
	return s, err
}

// Update changes the live session with handle through fn (for example after a
// step-up with a second factor) and stores it.
func (m *Manager) Update(ctx context.Context, handle string, fn func(*Session)) (Session, error) {
	s, err := m.live(ctx, handle)
	if err != nil {
		return Session{}, err
	}
	fn(&s)
	now := m.now()
	if err := m.save(ctx, s, now); err != nil {
		return Session{}, err
	}
	return s, m.schedule(ctx, s, now) // fn may have moved the deadline
}

// Logout ends the request's session and clears the cookie.
func (m *Manager) Logout(ctx context.Context, w http.ResponseWriter, r *http.Request) error {
	s, err := m.Current(r)
	m.clearCookie(w, r)
	if errors.Is(err, ErrNoSession) {
		return nil
	}
	if err != nil {
		return err
	}
	return m.end(ctx, s, true)
}

func (m *Manager) clearCookie(w http.ResponseWriter, r *http.Request) {
	c, _ := m.cookies.New(r, CookieName)
	o := *m.cookies.Options
	o.MaxAge = -1
	c.Options = &o
	_ = m.cookies.Save(r, w, c)
}

// end ends a session and, when notify is set, tells the OnEnd listeners.
func (m *Manager) end(ctx context.Context, s Session, notify bool) error {
	_, err := m.finish(ctx, s, notify)
	return err
}

// finish takes the session's record away in one atomic step, which is the
// claim: of several callers ending one session (instances, a logout racing a
// revocation) only the one that took it tells the listeners, and it reports
// whether it did. Once the record is taken the listeners are told even when
// tidying the indexes fails: a stale index entry is harmless (List and
// SweepExpired skip it) and the error is still returned.
func (m *Manager) finish(ctx context.Context, s Session, notify bool) (bool, error) {
	clients, err := m.kv.SetMembers(ctx, clientsPrefix+s.Handle)
	if err != nil {
		return false, fmt.Errorf("session: clients: %w", err)
	}
	_, err = m.kv.Take(ctx, recordPrefix+s.Handle)
	taken := err == nil
	if err != nil && !errors.Is(err, storage.ErrNotFound) {
		return false, fmt.Errorf("session: delete: %w", err)
	}
	if taken && notify {
		s.Clients = clients
		for _, fn := range m.onEnd {
			fn(ctx, s)
		}
	}
	return taken, m.unindex(ctx, s)
}

// unindex removes the session from the user's index, the expiry index and
// drops its client list.
func (m *Manager) unindex(ctx context.Context, s Session) error {
	var errs []error
	if err := m.kv.SetRemove(ctx, userPrefix+s.UserID, s.Handle); err != nil {
		errs = append(errs, fmt.Errorf("session: index: %w", err))
	}
	if err := m.kv.SortedRemove(ctx, expiryKey, s.Handle); err != nil {
		errs = append(errs, fmt.Errorf("session: expiry index: %w", err))
	}
	if err := m.kv.Delete(ctx, clientsPrefix+s.Handle); err != nil {
		errs = append(errs, fmt.Errorf("session: clients: %w", err))
	}
	return errors.Join(errs...)
}
