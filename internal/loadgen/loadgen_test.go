package loadgen

import (
	"testing"
	"time"
)

func TestCheckLoopback(t *testing.T) {
	for _, ok := range []string{"http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:80", "http://127.1.2.3"} {
		if err := CheckLoopback(ok); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"http://10.0.0.1:8080", "https://example.org", "http://0.0.0.0:80", "http://localhost.example.org"} {
		if err := CheckLoopback(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

// TestUserPoolSteps checks that no user gets a step twice, that steps stay
// within one of now, and that the pool runs dry after three per user.
func TestUserPoolSteps(t *testing.T) {
	now := time.Unix(1_800_000_000-1_800_000_000%30+3, 0) // early in a window
	p := newUserPool([]SeedUser{{Email: "a"}, {Email: "b"}})
	seen := map[string]bool{}
	cur := now.Unix() / 30
	for range 6 {
		u, step, ok := p.take(now)
		if !ok {
			t.Fatal("pool ran dry too early")
		}
		if step < cur-1 || step > cur+1 {
			t.Fatalf("step %d outside %d±1", step, cur)
		}
		key := u.Email + ":" + time.Unix(step, 0).String()
		if seen[key] {
			t.Fatalf("%s got step %d twice", u.Email, step)
		}
		seen[key] = true
	}
	if _, _, ok := p.take(now); ok {
		t.Fatal("a seventh login in one window")
	}
	if _, step, ok := p.take(now.Add(30 * time.Second)); !ok || step != cur+2 {
		t.Fatalf("next window: step %d, ok %v; want %d", step, ok, cur+2)
	}
}
