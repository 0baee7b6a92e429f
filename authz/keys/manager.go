package keys

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/mijnaccount/mijnaccount/secretbox"
	"github.com/mijnaccount/mijnaccount/storage"
)

// DefaultRefreshInterval is how long a Manager uses the keys it loaded
// before reading them again.
const DefaultRefreshInterval = 30 * time.Second

// Manager creates, rotates, imports and publishes the signing keys kept in
// the database, and signs and verifies with them. It is safe for concurrent
// use, and several Managers (in several processes) may share one database.
type Manager struct {
	// RefreshInterval is how long loaded keys are used before they are read
	// again, and how long a new current key waits before it signs (see the
	// package documentation). Zero means DefaultRefreshInterval. Set it
	// before the Manager is first used.
	RefreshInterval time.Duration

	db      *storage.DB
	keyring secretbox.Keyring
	now     func() time.Time

	mu   sync.Mutex
	snap *snapshot // nil: load on next use
}

// NewManager returns a Manager on db that seals private keys with keyring.
// now is the clock (time.Now when nil).
func NewManager(db *storage.DB, keyring secretbox.Keyring, now func() time.Time) *Manager {
	if now == nil {
		now = time.Now
	}
	return &Manager{db: db, keyring: keyring, now: now}
}

func (m *Manager) interval() time.Duration {
	if m.RefreshInterval <= 0 {
		return DefaultRefreshInterval
	}
	return m.RefreshInterval
}

// Ensure makes sure there is a current key for every algorithm in Algs,
// generating the missing ones, and then loads the keys, so a keyring that
// cannot open them fails here rather than at the first token. Processes
// starting at once on one database end up with one current key per
// algorithm: a process whose insert loses the race uses the winner's key.
func (m *Manager) Ensure(ctx context.Context) error {
	for _, alg := range Algs {
		if err := m.ensure(ctx, alg); err != nil {
			return err
		}
	}
	return m.reload(ctx)
}

func (m *Manager) ensure(ctx context.Context, alg string) error {
	if has, err := hasCurrent(ctx, m.db, alg); err != nil || has {
		return err
	}
	priv, err := generate(alg)
	if err != nil {
		return err
	}
	r, err := m.newRecord(alg, priv)
	if err != nil {
		return err
	}
	err = m.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := lockKeys(ctx, m.db, tx); err != nil {
			return err
		}
		if has, err := hasCurrent(ctx, tx, alg); err != nil || has {
			return err
		}
		return insertCurrent(ctx, tx, r)
	})
	if storage.IsUniqueViolation(err) {
		// Another process inserted its key first; check that it is there.
		has, err2 := hasCurrent(ctx, m.db, alg)
		if err2 != nil {
			return err2
		}
		if has {
			return nil
		}
	}
	if err != nil {
		return fmt.Errorf("keys: create %s key: %w", alg, err)
	}
	return nil
}

// Rotate generates a new current key for alg. The old current key becomes
// previous (still published and accepted) and the old previous key is
// retired (no longer published or accepted; its private key is erased).
func (m *Manager) Rotate(ctx context.Context, alg string) (Key, error) {
	if err := checkAlg(alg); err != nil {
		return Key{}, err
	}
	priv, err := generate(alg)
	if err != nil {
		return Key{}, err
	}
	r, err := m.newRecord(alg, priv)
	if err != nil {
		return Key{}, err
	}
	err = retryConflicts(func() error {
		return m.db.InTx(ctx, func(tx *sql.Tx) error {
			if err := lockKeys(ctx, m.db, tx); err != nil {
				return err
			}
			return shiftAndInsert(ctx, tx, r)
		})
	})
	m.invalidate()
	if err != nil {
		return Key{}, fmt.Errorf("keys: rotate %s key: %w", alg, err)
	}
	return r.Key, nil
}

// Import stores the private key in pemBytes (PKCS#8, SEC1 or PKCS#1 PEM of
// an EC P-256 key or an RSA key of 2048 to 8192 bits) as the current key of
// its algorithm, shifting the old keys as Rotate does. Importing the key that
// is already current changes nothing and returns it, so a deployment may
// import its key file at every start; a key that was current before
// (previous or retired) is refused with ErrKeyReused. Unsupported keys are
// refused with ErrUnsupportedKey and nothing is stored.
func (m *Manager) Import(ctx context.Context, pemBytes []byte) (Key, error) {
	alg, priv, err := parsePEM(pemBytes)
	if err != nil {
		return Key{}, err
	}
	r, err := m.newRecord(alg, priv)
	if err != nil {
		return Key{}, err
	}
	out := r.Key
	err = retryConflicts(func() error {
		return m.db.InTx(ctx, func(tx *sql.Tx) error {
			if err := lockKeys(ctx, m.db, tx); err != nil {
				return err
			}
			old, found, err := findByPublic(ctx, tx, r)
			switch {
			case err != nil:
				return err
			case found && old.State == StateCurrent:
				out = old.Key
				return nil
			case found:
				return fmt.Errorf("%w: it is stored as kid %s (%s)", ErrKeyReused, old.ID, old.State)
			}
			out = r.Key
			return shiftAndInsert(ctx, tx, r)
		})
	})
	m.invalidate()
	if errors.Is(err, ErrKeyReused) {
		return Key{}, err
	}
	if err != nil {
		return Key{}, fmt.Errorf("keys: import %s key: %w", alg, err)
	}
	return out, nil
}

// List returns every key, retired ones included, by algorithm and age. It
// reads the database and does not open private keys.
func (m *Manager) List(ctx context.Context) ([]Key, error) {
	recs, err := queryRecords(ctx, m.db, ``)
	if err != nil {
		return nil, err
	}
	out := make([]Key, len(recs))
	for i, r := range recs {
		out[i] = r.Key
	}
	return out, nil
}
