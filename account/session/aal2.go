package session

import "time"

// The AAL2 limits of a session. Every session here carries acr aal2 (a
// password and a verified second factor), so they bound every session,
// whatever the organisation's policy or the user's "stay logged in":
//
// NIST SP 800-63B-4, Sec. 2.2.3 (AAL2 Reauthentication): "A definite
// reauthentication overall timeout SHALL be established, which SHOULD be no
// more than 24 hours at AAL2. The inactivity timeout SHOULD be no more than
// 1 hour." Sec. 5.2 (Reauthentication): "When either timeout expires, the
// session SHALL be terminated. Session activity SHALL reset the inactivity
// timeout, and successful reauthentication during a session SHALL reset
// both timeouts."
//
// We treat the two SHOULDs as hard maxima: health data and BSNs sit behind
// these sessions.
const (
	MaxAbsolute = 24 * time.Hour // overall timeout, counted from the login
	MaxIdle     = time.Hour      // inactivity timeout
)

// Defaults of a Policy whose fields are unset.
const (
	DefaultIdle         = 30 * time.Minute
	DefaultAbsolute     = 12 * time.Hour
	DefaultStayLoggedIn = 12 * time.Hour
)

// clamp bounds d to (0, max], with def for an unset d.
func clamp(d, def, limit time.Duration) time.Duration {
	if d <= 0 {
		d = def
	}
	return min(d, limit)
}

// idleLimit is the session's inactivity timeout. A record stored before the
// AAL2 limits applied may carry a longer one; it never counts.
func (s Session) idleLimit() time.Duration { return clamp(s.Idle, DefaultIdle, MaxIdle) }

// end is the session's absolute end: Expires, but never later than
// MaxAbsolute after its creation, also for records stored before the AAL2
// limits applied (a 30-day "stay logged in" session ends after 24 hours).
func (s Session) end() time.Time {
	if limit := s.CreatedAt.Add(MaxAbsolute); s.Expires.IsZero() || limit.Before(s.Expires) {
		return limit
	}
	return s.Expires
}

// idleEnd is when the session ends unless it is used again.
func (s Session) idleEnd() time.Time { return s.LastSeen.Add(s.idleLimit()) }
