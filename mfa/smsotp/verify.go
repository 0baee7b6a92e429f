package smsotp

import (
	"context"
	"crypto/hmac"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// Verify checks code against the live code of binding and consumes it on
// success. Errors: ErrMalformed (no try counted), ErrNoCode, ErrTooManyTries,
// *InvalidError (errors.Is ErrInvalid) and store errors, which never let a
// code through.
func (c *Codes) Verify(ctx context.Context, binding, code string) error {
	if err := checkBinding(binding); err != nil {
		return err
	}
	code = normalise(code)
	if !wellFormed(code) {
		return ErrMalformed
	}
	k := keysFor(binding)
	rec, raw, err := c.load(ctx, k)
	if err != nil {
		return err
	}
	left := rec.expiresAt().Sub(c.now())
	if left <= 0 {
		return ErrNoCode
	}
	if rec.locked() {
		return ErrTooManyTries
	}
	// Count the try before comparing, atomically, so parallel guesses cannot
	// exceed MaxTries between them.
	n, err := c.kv.Incr(ctx, k.tries(rec), left)
	if err != nil {
		return fmt.Errorf("smsotp: count try: %w", err)
	}
	if n > int64(c.maxTries) {
		if err := c.lock(ctx, k, raw, rec, left); err != nil {
			return fmt.Errorf("%w (voiding the code failed: %w)", ErrTooManyTries, err)
		}
		return ErrTooManyTries
	}
	if !hmac.Equal(rec.MAC, c.mac(binding, code)) {
		return &InvalidError{TriesLeft: c.maxTries - int(n)}
	}
	// Consume exactly the record that was checked: of two callers with the
	// right code only one removes it, and a code replaced meanwhile stays.
	ok, err := c.kv.CompareAndDelete(ctx, k.code, raw)
	if err != nil {
		return fmt.Errorf("smsotp: consume code: %w", err)
	}
	if !ok {
		return ErrNoCode
	}
	// The counter expires with the code anyway; failing to remove it changes
	// nothing for anyone, so the error is not the user's concern.
	_ = c.kv.Delete(ctx, k.tries(rec))
	// The code reached its owner: the cooldowns of its send are given back,
	// so that logging in right after enrolling, or changing the number right
	// after logging in, is not held up. Codes nobody enters keep them.
	c.releaseCooldowns(ctx, hold{keys: rec.Cooldowns, val: rec.Hold})
	return nil
}

// load reads the binding's record; ErrNoCode when there is none.
func (c *Codes) load(ctx context.Context, k keys) (record, []byte, error) {
	raw, err := c.kv.Get(ctx, k.code)
	if errors.Is(err, storage.ErrNotFound) {
		return record{}, nil, ErrNoCode
	}
	if err != nil {
		return record{}, nil, fmt.Errorf("smsotp: read code: %w", err)
	}
	rec, err := decodeRecord(raw)
	if err != nil {
		return record{}, nil, err
	}
	return rec, raw, nil
}

// lock replaces the code by a marker without MAC that lives as long as the
// code would have, unless a new code was stored meanwhile.
func (c *Codes) lock(ctx context.Context, k keys, raw []byte, rec record, left time.Duration) error {
	removed, err := c.kv.CompareAndDelete(ctx, k.code, raw)
	if err != nil || !removed {
		return err
	}
	marker := record{ID: rec.ID, Expires: rec.Expires}
	_, err = c.kv.SetNX(ctx, k.code, marker.encode(), left)
	return err
}

// Status reports the state of binding without changing it.
func (c *Codes) Status(ctx context.Context, binding string) (Pending, error) {
	if err := checkBinding(binding); err != nil {
		return Pending{}, err
	}
	now := c.now()
	k := keysFor(binding)
	var p Pending
	raw, err := c.kv.Get(ctx, k.cooldown)
	switch {
	case err == nil:
		if end, ok := decodeTime(raw); ok && now.Before(end) {
			p.ResendAt = end
		}
	case !errors.Is(err, storage.ErrNotFound):
		return Pending{}, fmt.Errorf("smsotp: read cooldown: %w", err)
	}
	rec, _, err := c.load(ctx, k)
	if errors.Is(err, ErrNoCode) {
		return p, nil
	}
	if err != nil {
		return Pending{}, err
	}
	if !now.Before(rec.expiresAt()) {
		return p, nil
	}
	p.ExpiresAt = rec.expiresAt()
	if rec.locked() {
		p.Locked = true
		return p, nil
	}
	tries, err := c.kv.Get(ctx, k.tries(rec))
	used := int64(0)
	switch {
	case err == nil:
		if used, err = strconv.ParseInt(string(tries), 10, 64); err != nil {
			return Pending{}, errors.New("smsotp: stored tries counter is corrupt")
		}
	case !errors.Is(err, storage.ErrNotFound):
		return Pending{}, fmt.Errorf("smsotp: read tries: %w", err)
	}
	p.TriesLeft = max(0, c.maxTries-int(used))
	p.Live = p.TriesLeft > 0
	p.Locked = !p.Live
	return p, nil
}
