package keys

import (
	"context"
	"crypto"
	"time"
)

// earlyReload is how often an unknown kid or a missing signing key may make
// a Manager reload before RefreshInterval has passed.
const earlyReload = time.Second

// entry is a published key with its opened private key.
type entry struct {
	key  Key
	priv crypto.Signer
}

// snapshot is what a Manager loaded from the database at one moment: the
// published (current and previous) keys, sorted by algorithm, current first.
type snapshot struct {
	loadedAt time.Time
	keys     []*entry
	byKID    map[string]*entry
}

// signing returns the key that signs for alg at now: the current key once it
// has been current for delay, the previous key before that, and the current
// key at once when there is no previous key.
func (s *snapshot) signing(alg string, now time.Time, delay time.Duration) *entry {
	var cur, prev *entry
	for _, e := range s.keys {
		if e.key.Alg != alg {
			continue
		}
		switch e.key.State {
		case StateCurrent:
			cur = e
		case StatePrevious:
			prev = e
		}
	}
	if cur != nil && prev != nil && now.Before(cur.key.ActivatedAt.Add(delay)) {
		return prev
	}
	return cur
}

// fresh reports whether s may still be used at now.
func (s *snapshot) fresh(now time.Time, interval time.Duration) bool {
	return s != nil && !now.Before(s.loadedAt) && now.Sub(s.loadedAt) < interval
}

// snapshot returns the cached keys, reloading them when they are older than
// RefreshInterval.
func (m *Manager) snapshot(ctx context.Context) (*snapshot, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if m.snap.fresh(now, m.interval()) {
		return m.snap, nil
	}
	return m.reloadLocked(ctx, now)
}

// reloadEarly reloads when seen is still the cached snapshot and is at least
// earlyReload old; it returns the snapshot to use.
func (m *Manager) reloadEarly(ctx context.Context, seen *snapshot) (*snapshot, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if m.snap != nil && m.snap != seen && m.snap.fresh(now, m.interval()) {
		return m.snap, nil
	}
	if m.snap == seen && seen.fresh(now, earlyReload) {
		return seen, nil
	}
	return m.reloadLocked(ctx, now)
}

// reload loads the keys now, whatever the age of the cache.
func (m *Manager) reload(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, err := m.reloadLocked(ctx, m.now())
	return err
}

// reloadLocked reads the published keys and opens their private keys. On
// failure the cache is dropped: nothing is signed or accepted with keys the
// database could not confirm.
func (m *Manager) reloadLocked(ctx context.Context, now time.Time) (*snapshot, error) {
	m.snap = nil
	recs, err := queryRecords(ctx, m.db, `WHERE state IN ('current', 'previous')`)
	if err != nil {
		return nil, err
	}
	s := &snapshot{loadedAt: now, byKID: make(map[string]*entry, len(recs))}
	for _, r := range recs {
		priv, err := openPrivate(m.keyring, r.ID, r.Alg, r.publicDER, r.sealed)
		if err != nil {
			return nil, err
		}
		e := &entry{key: r.Key, priv: priv}
		e.key.Public = priv.Public()
		s.keys = append(s.keys, e)
		s.byKID[r.ID] = e
	}
	sortEntries(s.keys)
	m.snap = s
	return s, nil
}

// invalidate drops the cache so the next use reloads; called after this
// Manager changed the keys.
func (m *Manager) invalidate() {
	m.mu.Lock()
	m.snap = nil
	m.mu.Unlock()
}

// sortEntries orders by algorithm, then current before previous.
func sortEntries(es []*entry) {
	rank := func(e *entry) int {
		if e.key.State == StateCurrent {
			return 0
		}
		return 1
	}
	for i := 1; i < len(es); i++ {
		for j := i; j > 0; j-- {
			a, b := es[j-1], es[j]
			if a.key.Alg < b.key.Alg || (a.key.Alg == b.key.Alg && rank(a) <= rank(b)) {
				break
			}
			es[j-1], es[j] = b, a
		}
	}
}

// signingKey returns the entry that signs for alg, reloading early once when
// there is none.
func (m *Manager) signingKey(ctx context.Context, alg string) (*entry, error) {
	s, err := m.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	e := s.signing(alg, m.now(), m.interval())
	if e == nil {
		if s, err = m.reloadEarly(ctx, s); err != nil {
			return nil, err
		}
		e = s.signing(alg, m.now(), m.interval())
	}
	if e == nil {
		return nil, &noKeyError{alg: alg}
	}
	return e, nil
}

// publishedKey returns the published key kid, reloading early once when it
// is unknown; nil when it is not published.
func (m *Manager) publishedKey(ctx context.Context, kid string) (*entry, error) {
	s, err := m.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	if e := s.byKID[kid]; e != nil {
		return e, nil
	}
	if s, err = m.reloadEarly(ctx, s); err != nil {
		return nil, err
	}
	return s.byKID[kid], nil
}

type noKeyError struct{ alg string }

func (e *noKeyError) Error() string {
	return ErrNoKey.Error() + " for " + e.alg + " (run Ensure at start-up)"
}

func (e *noKeyError) Unwrap() error { return ErrNoKey }
