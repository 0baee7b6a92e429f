package smsotp_test

import (
	"errors"
	"testing"

	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// TestStoreDownFailsClosed breaks one store operation at a time: Send must
// neither send nor hand out a code, and Verify must never accept.
func TestStoreDownFailsClosed(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		// "*": everything; SetNX: the cooldown; Incr: the limits; Set: the code.
		for _, op := range []string{"*", "SetNX", "Incr", "Set"} {
			e := newEnv(t, b)
			e.kv.FailOn(op)
			if _, err := e.codes.Send(t.Context(), request("login:flow-1")); !errors.Is(err, storagetest.ErrDown) {
				t.Fatalf("%s down: Send = %v, want the store error", op, err)
			}
			e.wantOutbox(t, 0)
			if n := len(e.ledger.all()); n != 0 {
				t.Fatalf("%s down: ledger holds %d entries", op, n)
			}
			e.kv.FailOn()
			if p, err := e.codes.Status(t.Context(), "login:flow-1"); err != nil || p.Live {
				t.Fatalf("%s down: a code is live: %+v, %v", op, p, err)
			}
			if _, err := e.codes.Send(t.Context(), request("login:flow-1")); err != nil {
				t.Fatalf("%s down: Send once the store is back = %v, want the cooldown released", op, err)
			}
		}
		// A held cooldown that cannot be read refuses too.
		e := newEnv(t, b)
		e.mustSend(t, request("login:flow-1"))
		e.kv.FailOn("Get")
		if _, err := e.codes.Send(t.Context(), request("login:flow-1")); !errors.Is(err, storagetest.ErrDown) {
			t.Fatalf("Get down during a cooldown: Send = %v, want the store error", err)
		}
		e.wantOutbox(t, 1)

		for _, op := range []string{"*", "Get", "Incr", "CompareAndDelete"} {
			e := newEnv(t, b)
			_, code := e.mustSend(t, request("login:flow-1"))
			e.kv.FailOn(op)
			if err := e.codes.Verify(t.Context(), "login:flow-1", code); !errors.Is(err, storagetest.ErrDown) {
				t.Fatalf("%s down: Verify with the right code = %v, want the store error", op, err)
			}
			if _, err := e.codes.Status(t.Context(), "login:flow-1"); op != "Incr" && op != "CompareAndDelete" && !errors.Is(err, storagetest.ErrDown) {
				t.Fatalf("%s down: Status = %v, want the store error", op, err)
			}
			e.kv.FailOn()
			// The code was not used up by the failed attempt.
			if err := e.codes.Verify(t.Context(), "login:flow-1", code); err != nil {
				t.Fatalf("%s down, then back: Verify = %v", op, err)
			}
		}
	})
}
