package session

import (
	"errors"
	"net/netip"
	"strings"
	"time"
)

// ErrNoSession is returned when a request carries no valid, live session.
var ErrNoSession = errors.New("session: no valid session")

// Session is one login of one user in one browser.
type Session struct {
	Handle       string        `json:"handle"` // public reference: hex SHA-256 of the secret id, truncated
	UserID       string        `json:"user_id"`
	OrgID        string        `json:"org_id"`
	CreatedAt    time.Time     `json:"created_at"`
	LastSeen     time.Time     `json:"last_seen"`
	AuthTime     time.Time     `json:"auth_time"` // when the user last proved who they are
	AMR          []string      `json:"amr"`       // authentication methods, e.g. ["pwd","otp"]
	ACR          string        `json:"acr"`       // assurance level
	Expires      time.Time     `json:"expires"`   // absolute end
	Idle         time.Duration `json:"idle"`      // ends after this long unused
	StayLoggedIn bool          `json:"stay_logged_in"`
	Device       string        `json:"device"`  // coarse, from the User-Agent: "Chrome op Android"
	Network      string        `json:"network"` // coarse location: the client's /24 (IPv4) or /48 (IPv6)

	// Clients are the ids of the clients given an authorization code in this
	// session (AddClient). They are kept beside the record and filled only in
	// the Session handed to OnEnd listeners.
	Clients []string `json:"-"`
}

// Policy gives a session its lifetimes; it comes from the user's
// organisation. Every value is bounded by the AAL2 limits (MaxIdle,
// MaxAbsolute) whatever it says; unset values take the defaults.
type Policy struct {
	Idle     time.Duration // default 30m, at most MaxIdle
	Absolute time.Duration // default 12h, at most MaxAbsolute
	// StayLoggedIn is the absolute lifetime when the user chose to stay
	// logged in: default 12h, at most MaxAbsolute. The idle timeout is the
	// same as without it.
	StayLoggedIn time.Duration
}

func (p Policy) withDefaults() Policy {
	p.Idle = clamp(p.Idle, DefaultIdle, MaxIdle)
	p.Absolute = clamp(p.Absolute, DefaultAbsolute, MaxAbsolute)
	p.StayLoggedIn = clamp(p.StayLoggedIn, DefaultStayLoggedIn, MaxAbsolute)
	return p
}

// HasAMR reports whether the session was authenticated with method m.
func (s Session) HasAMR(m string) bool {
	for _, a := range s.AMR {
		if a == m {
			return true
		}
	}
	return false
}

// alive reports whether the session is still valid at now.
func (s Session) alive(now time.Time) bool {
	return now.Before(s.end()) && now.Before(s.idleEnd())
}

// deadline is when the session ends unless it is used again: at the idle
// timeout or the absolute end, whichever is first.
func (s Session) deadline() time.Time {
	if idleEnd, end := s.idleEnd(), s.end(); idleEnd.Before(end) {
		return idleEnd
	}
	return s.end()
}

// remaining is how long the session stays alive from now.
func (s Session) remaining(now time.Time) time.Duration {
	return s.deadline().Sub(now)
}

// Reasons a session expired, as ExpiryReason gives them.
const (
	ReasonIdle     = "idle"     // unused for longer than its idle timeout
	ReasonAbsolute = "absolute" // its absolute lifetime ran out
)

// ExpiryReason says why a session that is no longer alive ended by itself:
// ReasonAbsolute when its absolute end came first, else ReasonIdle.
func (s Session) ExpiryReason() string {
	if !s.idleEnd().Before(s.end()) {
		return ReasonAbsolute
	}
	return ReasonIdle
}

// Network returns the coarse network of ip: the /24 of an IPv4 address, the
// /48 of an IPv6 address; "" for an invalid address.
func Network(ip netip.Addr) string {
	if !ip.IsValid() {
		return ""
	}
	ip = ip.Unmap()
	bits := 48
	if ip.Is4() {
		bits = 24
	}
	p, err := ip.Prefix(bits)
	if err != nil {
		return ""
	}
	return p.String()
}

// Device summarises a User-Agent as "<browser> op <platform>" without
// versions, enough for a user to recognise their own devices.
func Device(userAgent string) string {
	ua := strings.ToLower(userAgent)
	browser := "Onbekende browser"
	for _, b := range []struct{ token, name string }{
		{"edg/", "Edge"}, {"opr/", "Opera"}, {"firefox/", "Firefox"}, {"chromium/", "Chromium"},
		{"chrome/", "Chrome"}, {"safari/", "Safari"},
	} {
		if strings.Contains(ua, b.token) {
			browser = b.name
			break
		}
	}
	platform := "onbekend apparaat"
	for _, p := range []struct{ token, name string }{
		{"android", "Android"}, {"iphone", "iPhone"}, {"ipad", "iPad"}, {"windows", "Windows"},
		{"mac os x", "macOS"}, {"cros", "ChromeOS"}, {"linux", "Linux"},
	} {
		if strings.Contains(ua, p.token) {
			platform = p.name
			break
		}
	}
	return browser + " op " + platform
}
