package login

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// Devices issues and checks device cookies: proof that a browser has
// completed a full login (password and second factor) to one account
// before. Failed attempts from such a browser are counted for that browser
// alone, so an attacker who fails on the address elsewhere cannot lock its
// owner out, while a stolen cookie loses its standing after a few failures.
//
// This is the protocol of OWASP "Slow Down Online Guessing Attacks with
// Device Cookies" (owasp.org/www-community/Slow_Down_Online_Guessing_Attacks_with_Device_Cookies):
// a cookie LOGIN|NONCE|HMAC(key, LOGIN|NONCE) issued after every successful
// login, distinguishing trusted from untrusted clients, locking untrusted
// clients out of an account as a group and trusted clients one by one. It
// is also what NIST SP 800-63B §5.2.2 (rev. 4 §3.2.2, "Rate Limiting") means
// by accepting attempts "from which the subscriber has been successfully
// authenticated before", with a browser in place of an IP address.
//
// The value binds a random nonce and an expiry to the user id with
// HMAC-SHA256 under Key, a key derived from the session cookie key (see
// DeviceKey), so no new secret is needed and rotating that key ends every
// device cookie with the sessions. There is one cookie per account
// (ma_device_<tag>), so colleagues sharing a browser do not displace each
// other. A revoked cookie's nonce is listed in the key-value store until the
// cookie would have expired.
type Devices struct {
	KV     storage.KV
	Key    []byte        // from DeviceKey
	TTL    time.Duration // lifetime of a cookie; each full login issues a new one
	Secure bool
	Now    func() time.Time
}

// DeviceCookiePrefix starts the name of every device cookie.
const DeviceCookiePrefix = "ma_device_"

// DeviceKey derives the device cookies' key from the session cookie hash
// key, so the device cookies need no secret of their own.
func DeviceKey(cookieHashKey []byte) []byte {
	m := hmac.New(sha256.New, cookieHashKey)
	m.Write([]byte("mijnaccount login device cookie v1"))
	return m.Sum(nil)
}

// Device is a valid device cookie presented for an account.
type Device struct {
	ID      string // a hash of the nonce: the key of its counters, never the nonce itself
	expires time.Time
}

func (d *Devices) mac(parts ...string) []byte {
	m := hmac.New(sha256.New, d.Key)
	m.Write([]byte(strings.Join(parts, "|")))
	return m.Sum(nil)
}

// cookieName is the name of userID's cookie: a tag that only the key links
// to the user.
func (d *Devices) cookieName(userID string) string {
	return DeviceCookiePrefix + hex.EncodeToString(d.mac("name", userID)[:8])
}

func revokedKey(id string) string { return "login-device-revoked:" + id }

// Issue sets a new device cookie for userID. Call it only after a full login.
func (d *Devices) Issue(w http.ResponseWriter, userID string) {
	if d == nil {
		return
	}
	nonce := storage.RandomString(24)
	exp := strconv.FormatInt(d.Now().Add(d.TTL).Unix(), 10)
	sig := base64.RawURLEncoding.EncodeToString(d.mac("device", userID, nonce, exp))
	http.SetCookie(w, &http.Cookie{
		Name: d.cookieName(userID), Value: nonce + "." + exp + "." + sig, Path: "/login",
		MaxAge: int(d.TTL.Seconds()), HttpOnly: true, Secure: d.Secure, SameSite: http.SameSiteLaxMode,
	})
}

// Read returns the request's device cookie for userID when it is genuine,
// unexpired and not revoked. An empty userID (unknown address) never has
// one. Store failures are errors: the caller refuses the login.
func (d *Devices) Read(r *http.Request, userID string) (Device, bool, error) {
	if userID == "" || d == nil {
		return Device{}, false, nil
	}
	c, err := r.Cookie(d.cookieName(userID))
	if err != nil {
		return Device{}, false, nil
	}
	parts := strings.Split(c.Value, ".")
	if len(parts) != 3 {
		return Device{}, false, nil
	}
	nonce, exp, sig := parts[0], parts[1], parts[2]
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, d.mac("device", userID, nonce, exp)) {
		return Device{}, false, nil
	}
	unix, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || !d.Now().Before(time.Unix(unix, 0)) {
		return Device{}, false, nil
	}
	sum := sha256.Sum256([]byte(userID + "|" + nonce))
	dev := Device{ID: hex.EncodeToString(sum[:16]), expires: time.Unix(unix, 0)}
	if _, err := d.KV.Get(r.Context(), revokedKey(dev.ID)); err == nil {
		return Device{}, false, nil
	} else if !errors.Is(err, storage.ErrNotFound) {
		return Device{}, false, fmt.Errorf("login devices: %w", err)
	}
	return dev, true, nil
}

// Revoke ends dev's standing for good: it counts as an untrusted client
// from now on, until a full login issues a new cookie.
func (d *Devices) Revoke(ctx context.Context, dev Device) error {
	ttl := dev.expires.Sub(d.Now())
	if ttl <= 0 {
		return nil
	}
	if err := d.KV.Set(ctx, revokedKey(dev.ID), []byte("1"), ttl); err != nil {
		return fmt.Errorf("login devices: %w", err)
	}
	return nil
}
