package smsotp_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/sms"
	"github.com/mijnaccount/mijnaccount/mfa/sms/ledger"
	"github.com/mijnaccount/mijnaccount/mfa/smsotp"
	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/memkv"
	"github.com/mijnaccount/mijnaccount/storage/rediskv"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// wantCooldown fails unless err is a *CooldownError.
func wantCooldown(t *testing.T, what string, err error) {
	t.Helper()
	var ce *smsotp.CooldownError
	if !errors.As(err, &ce) || !errors.Is(err, smsotp.ErrCooldown) {
		t.Fatalf("%s: Send = %v, want a CooldownError", what, err)
	}
}

// TestCooldownPerAccountAcrossFlows: every fresh login is a new flow and so
// a new binding. Starting four of them for one account within a second must
// text one code, not four; 30 s after that code the next one goes out.
func TestCooldownPerAccountAcrossFlows(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		e.mustSend(t, request("login:flow-1"))
		for i := 2; i <= 4; i++ {
			req := request(fmt.Sprintf("login:flow-%d", i))
			req.IP = fmt.Sprintf("192.0.2.%d", 20+i) // another device
			_, err := e.codes.Send(t.Context(), req)
			wantCooldown(t, req.Binding, err)
		}
		// The enrolment of another number by the same account waits as well.
		enrol := request("enrol:flow-5")
		enrol.Phone, enrol.Purpose = "+31687654321", sms.PurposeEnrol
		_, err := e.codes.Send(t.Context(), enrol)
		wantCooldown(t, "enrolment of another number", err)
		e.wantOutbox(t, 1)

		e.clock.Advance(29 * time.Second)
		_, err = e.codes.Send(t.Context(), request("login:flow-6"))
		var ce *smsotp.CooldownError
		if !errors.As(err, &ce) || ce.RetryAfter != time.Second {
			t.Fatalf("after 29s: Send = %v, want a CooldownError of 1s", err)
		}
		e.clock.Advance(time.Second)
		e.mustSend(t, request("login:flow-6"))
		e.wantOutbox(t, 2)
	})
}

// TestCooldownPerPhoneAcrossAccounts: a number typed into the enrolment of
// several accounts (SMS pumping, or bombing one person's phone) gets one
// code per 30 s, whoever asks.
func TestCooldownPerPhoneAcrossAccounts(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		first := request("enrol:flow-1")
		first.Purpose = sms.PurposeEnrol
		e.mustSend(t, first)
		for i := 2; i <= 4; i++ {
			req := request(fmt.Sprintf("enrol:flow-%d", i))
			req.UserID, req.OrgID, req.Purpose = fmt.Sprintf("user-%d", i), fmt.Sprintf("org-%d", i), sms.PurposeEnrol
			req.IP = fmt.Sprintf("192.0.2.%d", 20+i)
			_, err := e.codes.Send(t.Context(), req)
			wantCooldown(t, req.UserID, err)
		}
		e.wantOutbox(t, 1)
		// Another account with another number is not held up, and the
		// refused accounts' own cooldowns were given back.
		other := request("enrol:flow-9")
		other.UserID, other.Phone = "user-2", "+32470123456"
		e.mustSend(t, other)
		e.clock.Advance(30 * time.Second)
		again := request("enrol:flow-10")
		again.UserID = "user-3"
		e.mustSend(t, again)
		e.wantOutbox(t, 3)
	})
}

// sharedKV returns two handles on one store, as two instances of the server
// have: on memory the same store, on Redis two connections with one prefix.
func sharedKV(t *testing.T, b backend, now func() time.Time) (storage.KV, storage.KV) {
	t.Helper()
	if b.name == "memory" {
		kv := memkv.New(now)
		t.Cleanup(func() { kv.Close() })
		return kv, kv
	}
	prefix := storagetest.RedisPrefix(t)
	open := func() storage.KV {
		kv, err := rediskv.Open(t.Context(), storagetest.RedisURL(), prefix)
		if err != nil {
			t.Fatalf("redis: %v", err)
		}
		t.Cleanup(func() { kv.Close() })
		return kv
	}
	return open(), open()
}

// TestCooldownAcrossInstancesRacing: two instances behind a load balancer
// get eight requests at once, for new flows of one account and for other
// accounts with the same number. Exactly one code is sent.
func TestCooldownAcrossInstancesRacing(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		clock := newClock()
		kvA, kvB := sharedKV(t, b, clock.Now)
		outbox := sms.NewOutbox(filepath.Join(t.TempDir(), "sms.jsonl"), slog.New(slog.DiscardHandler))
		outbox.Now = clock.Now
		var instances []*smsotp.Codes
		for _, kv := range []storage.KV{kvA, kvB} {
			c, err := smsotp.New(smsotp.Config{KV: kv, Sender: outbox, Provider: ledger.ProviderOutbox,
				Ledger: &memLedger{}, HashKey: testKey, Now: clock.Now})
			if err != nil {
				t.Fatal(err)
			}
			instances = append(instances, c)
		}
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			req := request(fmt.Sprintf("login:race-%d", i))
			if i%2 == 1 {
				req.UserID = fmt.Sprintf("user-%d", i)
			}
			wg.Go(func() { _, errs[i] = instances[i%2].Send(context.Background(), req) })
		}
		wg.Wait()
		sent := 0
		for i, err := range errs {
			if err == nil {
				sent++
				continue
			}
			wantCooldown(t, fmt.Sprintf("request %d", i), err)
		}
		box, err := sms.ReadOutbox(outbox.Path)
		if err != nil {
			t.Fatal(err)
		}
		if sent != 1 || len(box) != 1 {
			t.Fatalf("%d sends succeeded and the outbox holds %d messages, want 1 and 1", sent, len(box))
		}
	})
}

// keyLog is a store that remembers the key of every write.
type keyLog struct {
	storage.KV
	mu   sync.Mutex
	keys []string
}

func (k *keyLog) note(key string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.keys = append(k.keys, key)
}

func (k *keyLog) SetNX(ctx context.Context, key string, v []byte, ttl time.Duration) (bool, error) {
	k.note(key)
	return k.KV.SetNX(ctx, key, v, ttl)
}

func (k *keyLog) Set(ctx context.Context, key string, v []byte, ttl time.Duration) error {
	k.note(key)
	return k.KV.Set(ctx, key, v, ttl)
}

func (k *keyLog) Incr(ctx context.Context, key string, ttl time.Duration) (int64, error) {
	k.note(key)
	return k.KV.Incr(ctx, key, ttl)
}

// TestCooldownKeysHideNumberAndIDs: the keys of the cooldowns name neither
// the phone number nor the user id nor the binding.
func TestCooldownKeysHideNumberAndIDs(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		var log *keyLog
		e := newEnv(t, b, func(c *smsotp.Config) {
			log = &keyLog{KV: c.KV}
			c.KV = log
		})
		req := request("login:flow-secret")
		req.UserID = "user-secret"
		e.mustSend(t, req)
		log.mu.Lock()
		defer log.mu.Unlock()
		cooldowns := 0
		for _, k := range log.keys {
			if strings.Contains(k, "cooldown") {
				cooldowns++
			}
			for _, s := range []string{testPhone, "612345678", "user-secret", "flow-secret"} {
				if strings.Contains(k, s) {
					t.Errorf("key %q contains %q", k, s)
				}
			}
		}
		if cooldowns != 3 {
			t.Fatalf("%d cooldown keys written (%q), want 3: binding, account and number", cooldowns, log.keys)
		}
	})
}

// TestCooldownStoreDownSendsNothing: when the store cannot keep the account
// or number cooldown, nothing is sent, and the cooldowns already claimed
// are given back once it is up again.
func TestCooldownStoreDownSendsNothing(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		for after := 1; after <= 2; after++ {
			e := newEnv(t, b)
			e.kv.KV = &failAfter{KV: e.kv.KV, ok: after}
			_, err := e.codes.Send(t.Context(), request("login:flow-1"))
			if !errors.Is(err, storagetest.ErrDown) {
				t.Fatalf("cooldown %d of 3 not stored: Send = %v, want the store error", after+1, err)
			}
			e.wantOutbox(t, 0)
			e.kv.KV = e.kv.KV.(*failAfter).KV
			e.mustSend(t, request("login:flow-2"))
		}
	})
}

// failAfter lets ok SetNX calls through and fails the rest.
type failAfter struct {
	storage.KV
	mu sync.Mutex
	ok int
}

func (f *failAfter) SetNX(ctx context.Context, key string, v []byte, ttl time.Duration) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ok == 0 {
		return false, storagetest.ErrDown
	}
	f.ok--
	return f.KV.SetNX(ctx, key, v, ttl)
}

// TestCorrectCodeGivesTheCooldownsBack: once a code has been entered, the
// account and the number may get the next code at once (logging in right
// after enrolling); a wrong code changes nothing.
func TestCorrectCodeGivesTheCooldownsBack(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		enrol := request("enrol:flow-1")
		enrol.Purpose = sms.PurposeEnrol
		_, code := e.mustSend(t, enrol)
		if err := e.codes.Verify(t.Context(), "enrol:flow-1", wrongCode(code)); !errors.Is(err, smsotp.ErrInvalid) {
			t.Fatalf("wrong code: %v", err)
		}
		_, err := e.codes.Send(t.Context(), request("login:flow-2"))
		wantCooldown(t, "after a wrong code", err)
		if err := e.codes.Verify(t.Context(), "enrol:flow-1", code); err != nil {
			t.Fatalf("right code: %v", err)
		}
		_, code = e.mustSend(t, request("login:flow-2"))
		// The new send holds the cooldowns again until its code is entered.
		_, err = e.codes.Send(t.Context(), request("login:flow-3"))
		wantCooldown(t, "a third code", err)
		if err := e.codes.Verify(t.Context(), "login:flow-2", code); err != nil {
			t.Fatalf("login code: %v", err)
		}
		e.mustSend(t, request("login:flow-3"))
		e.wantOutbox(t, 3)
	})
}
