package smsotp

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// A send claims three cooldowns, each an entry in the shared key-value store
// written with SetNX, so that of two instances racing for it only one wins:
//
//   - the binding's (one login flow, one enrolment), as before;
//   - the account's, so that starting fresh login flows does not text a new
//     code each time;
//   - the phone number's, so that typing one number into the enrolment of
//     several accounts does not either.
//
// A send that cannot claim all three sends nothing and gives back the ones
// it did claim. The code's record names the cooldowns of its send, and a
// correct code gives them back: the rule is one code per 30 s that nobody
// has entered, which is what bombing a phone and SMS pumping produce, while
// a user who just entered a code (enrolment, then login; login, then a
// phone change) is not kept waiting. The refusal is the same *CooldownError for each, so the page
// says the same thing whether the account or the number is waiting and does
// not tell whether someone else asked for a code for that number.
//
// The account and number keys are HMAC-SHA256 under a key derived from
// Config.HashKey: the store holds neither user ids nor phone numbers in its
// key names, and without the key a number cannot be tried against them.

// cooldownKeyLabel derives the key of the cooldown key names from HashKey.
const cooldownKeyLabel = "mijnaccount smsotp cooldown keys v1"

// cooldownSubjectKey derives the HMAC key for cooldown key names.
func cooldownSubjectKey(hashKey []byte) []byte {
	m := hmac.New(sha256.New, hashKey)
	m.Write([]byte(cooldownKeyLabel))
	return m.Sum(nil)
}

// cooldownKeys names the cooldowns a send for req claims, in the order they
// are claimed. req.Phone is E.164 (Request.check), so one number always
// gives one key.
func (c *Codes) cooldownKeys(req Request) []string {
	return []string{
		keysFor(req.Binding).cooldown,
		"smsotp:cooldown:user:" + c.subject("user", req.UserID),
		"smsotp:cooldown:phone:" + c.subject("phone", req.Phone),
	}
}

// subject is the hex of the first 128 bits of HMAC(kind NUL value).
func (c *Codes) subject(kind, value string) string {
	m := hmac.New(sha256.New, c.subjectKey)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(value))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// hold is the cooldowns one send claimed and the value it wrote in each:
// the end of the cooldown and a random id, so that giving them back never
// removes a cooldown another send claimed at the same moment.
type hold struct {
	keys []string
	val  []byte
}

// takeCooldowns claims every key or none. A *CooldownError says how long the
// first held one still lasts; a store error refuses as well (fail closed).
func (c *Codes) takeCooldowns(ctx context.Context, keys []string, now time.Time) (hold, error) {
	h := hold{val: encodeHold(now.Add(c.cooldown))}
	for _, key := range keys {
		if err := c.takeCooldown(ctx, key, h.val, now); err != nil {
			c.releaseCooldowns(ctx, h)
			return hold{}, err
		}
		h.keys = append(h.keys, key)
	}
	return h, nil
}

// takeCooldown claims one key. The end of the cooldown is stored in the
// entry and judged by c.now, so an entry the store still keeps after that
// moment (clocks of instances differ a little) is replaced.
func (c *Codes) takeCooldown(ctx context.Context, key string, val []byte, now time.Time) error {
	for range 3 {
		ok, err := c.kv.SetNX(ctx, key, val, c.cooldown)
		if err != nil {
			return fmt.Errorf("smsotp: cooldown: %w", err)
		}
		if ok {
			return nil
		}
		old, err := c.kv.Get(ctx, key)
		if errors.Is(err, storage.ErrNotFound) {
			continue // it ended just now
		}
		if err != nil {
			return fmt.Errorf("smsotp: cooldown: %w", err)
		}
		if end, ok := decodeTime(old); ok && now.Before(end) {
			return &CooldownError{RetryAfter: end.Sub(now)}
		}
		if _, err := c.kv.CompareAndDelete(ctx, key, old); err != nil {
			return fmt.Errorf("smsotp: cooldown: %w", err)
		}
	}
	// Others keep claiming it at the same moment.
	return &CooldownError{RetryAfter: c.cooldown}
}

// releaseCooldowns gives back the cooldowns this send claimed (only those).
func (c *Codes) releaseCooldowns(ctx context.Context, h hold) {
	if len(h.keys) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	for _, key := range h.keys {
		if _, err := c.kv.CompareAndDelete(ctx, key, h.val); err != nil {
			c.log.LogAttrs(ctx, slog.LevelWarn, "sms code cooldown not released", slog.String("error", err.Error()))
		}
	}
}

// encodeHold is the value of a cooldown entry: its end in Unix microseconds
// and a random id.
func encodeHold(until time.Time) []byte {
	return []byte(strconv.FormatInt(storage.Micros(until), 10) + ":" + storage.NewID())
}

// decodeTime reads the end of a cooldown entry.
func decodeTime(raw []byte) (time.Time, bool) {
	s, _, _ := strings.Cut(string(raw), ":")
	us, err := strconv.ParseInt(s, 10, 64)
	if err != nil || us <= 0 {
		return time.Time{}, false
	}
	return storage.FromMicros(us), true
}
