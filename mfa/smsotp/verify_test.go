package smsotp_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/smsotp"
)

func TestCodeExpires(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		_, early := e.mustSend(t, request("login:early"))
		_, late := e.mustSend(t, otherAccount(request("login:late")))
		e.clock.Advance(5*time.Minute - time.Microsecond)
		if err := e.codes.Verify(t.Context(), "login:early", early); err != nil {
			t.Fatalf("Verify just before expiry: %v", err)
		}
		e.clock.Advance(time.Microsecond)
		if err := e.codes.Verify(t.Context(), "login:late", late); !errors.Is(err, smsotp.ErrNoCode) {
			t.Fatalf("Verify at expiry = %v, want ErrNoCode", err)
		}
		if p, err := e.codes.Status(t.Context(), "login:late"); err != nil || p != (smsotp.Pending{}) {
			t.Fatalf("Status of an expired code = %+v, %v; want nothing pending", p, err)
		}
	})
}

func TestTooManyTries(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		_, code := e.mustSend(t, request("login:flow-1"))
		for i := range 5 {
			err := e.codes.Verify(t.Context(), "login:flow-1", wrongCode(code))
			var ie *smsotp.InvalidError
			if !errors.As(err, &ie) || !errors.Is(err, smsotp.ErrInvalid) || ie.TriesLeft != 4-i {
				t.Fatalf("wrong try %d = %v, want InvalidError with %d tries left", i+1, err, 4-i)
			}
		}
		for range 2 {
			if err := e.codes.Verify(t.Context(), "login:flow-1", code); !errors.Is(err, smsotp.ErrTooManyTries) {
				t.Fatalf("right code after 5 wrong ones = %v, want ErrTooManyTries", err)
			}
		}
		p, err := e.codes.Status(t.Context(), "login:flow-1")
		if err != nil || p.Live || !p.Locked || p.TriesLeft != 0 {
			t.Fatalf("Status after too many tries = %+v, %v", p, err)
		}
		// A new code after the cooldown starts over.
		e.clock.Advance(30 * time.Second)
		_, fresh := e.mustSend(t, request("login:flow-1"))
		if p, _ := e.codes.Status(t.Context(), "login:flow-1"); !p.Live || p.TriesLeft != 5 {
			t.Fatalf("Status of the new code = %+v", p)
		}
		if err := e.codes.Verify(t.Context(), "login:flow-1", fresh); err != nil {
			t.Fatalf("Verify of the new code: %v", err)
		}
	})
}

func TestMalformedCodesDoNotCount(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		_, code := e.mustSend(t, request("login:flow-1"))
		for _, bad := range []string{"", "12345", "1234567", "12a456", "12 345", "１２３４５６", "-12345", "+12345", code + "0"} {
			if err := e.codes.Verify(t.Context(), "login:flow-1", bad); !errors.Is(err, smsotp.ErrMalformed) {
				t.Fatalf("Verify(%q) = %v, want ErrMalformed", bad, err)
			}
		}
		if p, _ := e.codes.Status(t.Context(), "login:flow-1"); p.TriesLeft != 5 {
			t.Fatalf("malformed codes counted: %d tries left", p.TriesLeft)
		}
		if err := e.codes.Verify(t.Context(), "login:flow-1", " \t"+code+" \n"); err != nil {
			t.Fatalf("Verify with spaces around the code: %v", err)
		}
	})
}

func TestNewCodeReplacesOld(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b, func(c *smsotp.Config) { c.Rand = codesReader(111111, 222222) })
		_, first := e.mustSend(t, request("login:flow-1"))
		if err := e.codes.Verify(t.Context(), "login:flow-1", "999999"); !errors.Is(err, smsotp.ErrInvalid) {
			t.Fatalf("wrong code = %v", err)
		}
		e.clock.Advance(30 * time.Second)
		sent, second := e.mustSend(t, request("login:flow-1"))
		if first != "111111" || second != "222222" {
			t.Fatalf("codes %s, %s; want the drawn 111111, 222222", first, second)
		}
		p, err := e.codes.Status(t.Context(), "login:flow-1")
		if err != nil || !p.Live || p.TriesLeft != 5 || p.ExpiresAt != sent.ExpiresAt || p.ResendAt != sent.ResendAt {
			t.Fatalf("Status after the new code = %+v, %v; want live with 5 tries, %+v", p, err, sent)
		}
		if err := e.codes.Verify(t.Context(), "login:flow-1", first); !errors.Is(err, smsotp.ErrInvalid) {
			t.Fatalf("old code = %v, want ErrInvalid", err)
		}
		if err := e.codes.Verify(t.Context(), "login:flow-1", second); err != nil {
			t.Fatalf("new code: %v", err)
		}
	})
}

func TestCodesAreBoundToTheirBinding(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b, func(c *smsotp.Config) { c.Rand = codesReader(123456, 654321) })
		_, a := e.mustSend(t, request("login:flow-a"))
		_, bCode := e.mustSend(t, otherAccount(request("enrol:user-1")))
		if err := e.codes.Verify(t.Context(), "enrol:user-1", a); !errors.Is(err, smsotp.ErrInvalid) {
			t.Fatalf("code of login:flow-a for enrol:user-1 = %v, want ErrInvalid", err)
		}
		if err := e.codes.Verify(t.Context(), "login:flow-other", a); !errors.Is(err, smsotp.ErrNoCode) {
			t.Fatalf("code for a binding without code = %v, want ErrNoCode", err)
		}
		if err := e.codes.Verify(t.Context(), "login:flow-a", a); err != nil {
			t.Fatalf("own binding: %v", err)
		}
		if err := e.codes.Verify(t.Context(), "enrol:user-1", bCode); err != nil {
			t.Fatalf("own binding: %v", err)
		}
	})
}

// TestConcurrentVerifyAcceptsOnce has several callers present the right code
// at once: exactly one may get in.
func TestConcurrentVerifyAcceptsOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		const callers = 8
		e := newEnv(t, b, func(c *smsotp.Config) { c.MaxTries = callers })
		for round := range 5 {
			e.clock.Advance(30 * time.Second)
			_, code := e.mustSend(t, request("login:flow-1"))
			errs := make([]error, callers)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range callers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					errs[i] = e.codes.Verify(t.Context(), "login:flow-1", code)
				}()
			}
			close(start)
			wg.Wait()
			accepted := 0
			for _, err := range errs {
				switch {
				case err == nil:
					accepted++
				case !errors.Is(err, smsotp.ErrNoCode):
					t.Fatalf("round %d: Verify = %v, want nil or ErrNoCode", round, err)
				}
			}
			if accepted != 1 {
				t.Fatalf("round %d: %d callers accepted, want exactly 1", round, accepted)
			}
		}
	})
}

func TestStatus(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		if p, err := e.codes.Status(t.Context(), "login:flow-1"); err != nil || p != (smsotp.Pending{}) {
			t.Fatalf("Status before any send = %+v, %v", p, err)
		}
		sent, code := e.mustSend(t, request("login:flow-1"))
		want := smsotp.Pending{Live: true, ExpiresAt: sent.ExpiresAt, ResendAt: sent.ResendAt, TriesLeft: 5}
		if p, err := e.codes.Status(t.Context(), "login:flow-1"); err != nil || p != want {
			t.Fatalf("Status after send = %+v, %v; want %+v", p, err, want)
		}
		_ = e.codes.Verify(t.Context(), "login:flow-1", wrongCode(code))
		e.clock.Advance(30 * time.Second)
		want.ResendAt, want.TriesLeft = time.Time{}, 4
		if p, err := e.codes.Status(t.Context(), "login:flow-1"); err != nil || p != want {
			t.Fatalf("Status after a wrong try and the cooldown = %+v, %v; want %+v", p, err, want)
		}
		if err := e.codes.Verify(t.Context(), "login:flow-1", code); err != nil {
			t.Fatal(err)
		}
		if p, err := e.codes.Status(t.Context(), "login:flow-1"); err != nil || p != (smsotp.Pending{}) {
			t.Fatalf("Status after use = %+v, %v", p, err)
		}
	})
}
