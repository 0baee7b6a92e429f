package login

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/ratelimit"
	"github.com/mijnaccount/mijnaccount/storage/memkv"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

func newDevices(t *testing.T) (*Devices, *storagetest.Clock) {
	clock := storagetest.NewClock(time.Date(2026, 8, 3, 9, 0, 0, 0, time.UTC))
	kv := memkv.New(clock.Now)
	t.Cleanup(func() { _ = kv.Close() })
	return &Devices{KV: kv, Key: DeviceKey([]byte("0123456789abcdef0123456789abcdef")), TTL: 30 * 24 * time.Hour, Now: clock.Now}, clock
}

// issued returns the cookie Issue sets for userID.
func issued(d *Devices, userID string) *http.Cookie {
	rec := httptest.NewRecorder()
	d.Issue(rec, userID)
	return rec.Result().Cookies()[0]
}

func read(t *testing.T, d *Devices, userID string, c *http.Cookie) (Device, bool) {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/login", nil)
	if c != nil {
		r.AddCookie(c)
	}
	dev, ok, err := d.Read(r, userID)
	if err != nil {
		t.Fatal(err)
	}
	return dev, ok
}

func TestDeviceCookieIsBoundToItsUserAndKey(t *testing.T) {
	d, clock := newDevices(t)
	c := issued(d, "user-a")
	if !strings.HasPrefix(c.Name, DeviceCookiePrefix) || !c.HttpOnly || c.Path != "/login" || c.SameSite != http.SameSiteLaxMode {
		t.Fatalf("cookie attributes: %+v", c)
	}
	if strings.Contains(c.Name+c.Value, "user-a") {
		t.Fatalf("the cookie names the user: %s=%s", c.Name, c.Value)
	}
	if _, ok := read(t, d, "user-a", c); !ok {
		t.Fatal("a fresh cookie is not accepted")
	}
	if _, ok := read(t, d, "user-b", &http.Cookie{Name: issued(d, "user-b").Name, Value: c.Value}); ok {
		t.Fatal("user a's cookie accepted for user b")
	}
	if _, ok := read(t, d, "", c); ok {
		t.Fatal("a cookie accepted for an unknown address")
	}
	for _, bad := range []string{
		c.Value[:len(c.Value)-2] + "AA",              // signature changed
		"x" + c.Value[1:],                            // nonce changed
		strings.Replace(c.Value, ".", ".9", 1),       // expiry moved
		"", "...", "a.b.c", strings.Repeat("A", 400), // garbage
	} {
		if _, ok := read(t, d, "user-a", &http.Cookie{Name: c.Name, Value: bad}); ok {
			t.Errorf("tampered cookie %q accepted", bad)
		}
	}
	other := *d
	other.Key = DeviceKey([]byte("another session cookie key......"))
	if _, ok := read(t, &other, "user-a", c); ok {
		t.Fatal("a cookie survives a change of the session cookie key")
	}
	clock.Advance(30*24*time.Hour + time.Second)
	if _, ok := read(t, d, "user-a", c); ok {
		t.Fatal("an expired cookie is accepted")
	}
}

func TestRevokedDeviceCookieIsUntrusted(t *testing.T) {
	d, _ := newDevices(t)
	c := issued(d, "user-a")
	dev, _ := read(t, d, "user-a", c)
	if err := d.Revoke(t.Context(), dev); err != nil {
		t.Fatal(err)
	}
	if _, ok := read(t, d, "user-a", c); ok {
		t.Fatal("a revoked cookie is accepted")
	}
	if _, ok := read(t, d, "user-a", issued(d, "user-a")); !ok {
		t.Fatal("a new login's cookie must be accepted again")
	}
}

// TestThrottleAndDevicesFailClosed: with the key-value store gone, neither
// a device cookie nor the throttle lets an attempt through.
func TestThrottleAndDevicesFailClosed(t *testing.T) {
	d, clock := newDevices(t)
	c := issued(d, "user-a")
	th := &Throttle{KV: d.KV, Limiter: ratelimit.New(d.KV), MaxPerIP: 50, Now: clock.Now}
	_ = d.KV.Close()
	r := httptest.NewRequest(http.MethodPost, "/login", nil)
	r.AddCookie(c)
	if _, ok, err := d.Read(r, "user-a"); err == nil || ok {
		t.Fatalf("device check with the store down: ok=%v err=%v", ok, err)
	}
	if wait, _, err := th.Begin(t.Context(), Client{Email: "a@x.example", IP: "192.0.2.1"}); err == nil {
		t.Fatalf("Begin with the store down: wait %v, no error", wait)
	}
	if _, err := th.Failure(t.Context(), Client{Email: "a@x.example", IP: "192.0.2.1"}); err == nil {
		t.Fatal("Failure with the store down: no error")
	}
}
