package store

import (
	"context"
	"database/sql"
	"errors"
	"runtime"
	"sync"
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/registration"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// addFunc stores a relation: AddRelation or CreateRelation.
type addFunc func(ctx context.Context, r registration.Relation) (registration.Relation, error)

// oneConcurrentAddWins runs six adds of provider and employer at once, with
// different but overlapping periods (so no unique key could stand in for
// the check), and fails unless exactly one is stored and the others get
// ErrOverlap.
func oneConcurrentAddWins(t *testing.T, s *Store, add addFunc, provider, employer string) {
	t.Helper()
	ctx := context.Background()
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	start := make(chan struct{})
	for i := range 6 {
		wg.Go(func() {
			<-start
			first := []string{"2026-01-01", "2026-02-01", "2026-03-01"}[i%3]
			_, err := add(ctx, rel(provider, employer, first, ""))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				won++
			case !errors.Is(err, ErrOverlap):
				t.Errorf("add: %v", err)
			}
		})
	}
	close(start)
	wg.Wait()
	of, err := s.RelationsOf(ctx, employer)
	if won != 1 || err != nil || len(of) != 1 {
		t.Fatalf("%d adds won, %d relations stored (%v); want exactly one", won, len(of), err)
	}
}

// addWaitsForTheLock makes the race of two adds certain on PostgreSQL: a
// transaction takes employer's lock with lock and inserts a relation of
// "arbo" and employer but does not commit. The add of an overlapping
// relation (with add, on a store with the orgs of relationOrgs) must wait
// for it and then refuse with ErrOverlap; without the lock it would see
// nothing and store a second, overlapping relation.
func addWaitsForTheLock(t *testing.T, employer string, lock func(s *Store, ctx context.Context, tx *sql.Tx) error,
	add func(s *Store) addFunc) {
	t.Helper()
	ctx := context.Background()
	s := New(storagetest.OpenPostgres(t, Migrations), nil, testKeyring(t))
	relationOrgs(t, s)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := lock(s, ctx, tx); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO absence_relations (id, provider_org, employer_org, starts_on, ends_on, created_at)
		VALUES ('DR-FIRST', 'arbo', $1, '2026-01-01', '', 0)`, employer); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := add(s)(ctx, rel("arbo", employer, "2026-02-01", ""))
		done <- err
	}()
	// Wait until the add is blocked on a lock, or fail when it finished
	// without waiting (which is the failure this is about).
	waitUntilBlocked(t, s, done)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; !errors.Is(err, ErrOverlap) {
		t.Fatalf("the add after the concurrent insert: %v, want ErrOverlap", err)
	}
}

// waitUntilBlocked returns once a PostgreSQL session of s's database waits
// for a lock. It fails the test when done reports first: the change it
// watches finished without waiting.
func waitUntilBlocked(t *testing.T, s *Store, done <-chan error) {
	t.Helper()
	for waiting := false; !waiting; {
		select {
		case err := <-done:
			t.Fatalf("the change finished while another transaction held the lock: %v", err)
		default:
		}
		var n int
		if err := s.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
			WHERE NOT l.granted AND a.datname = current_database()`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		waiting = n > 0
		runtime.Gosched()
	}
}
