package audit_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/audit/audittest"
	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

func TestSQLStore(t *testing.T) {
	for name, open := range storagetest.Backends() {
		t.Run(name, func(t *testing.T) {
			audittest.RunStoreTests(t, func(t *testing.T) (audit.Store, audittest.Tamper) {
				db := open(t, audit.Migrations)
				return audit.NewSQLStore(db), sqlTamper(db)
			})
		})
	}
}

// TestSQLStoreGuardMessage checks that ordinary changes are refused by the
// append-only trigger itself, not by some other error.
func TestSQLStoreGuardMessage(t *testing.T) {
	for name, open := range storagetest.Backends() {
		t.Run(name, func(t *testing.T) {
			db := open(t, audit.Migrations)
			ctx := context.Background()
			if _, err := audit.NewSQLStore(db).Append(ctx, validEvent()); err != nil {
				t.Fatal(err)
			}
			stmts := []string{
				`UPDATE audit_events SET target_id = 'x' WHERE seq = 1`,
				`DELETE FROM audit_events WHERE seq = 1`,
			}
			if db.Dialect == storage.Postgres {
				stmts = append(stmts, `TRUNCATE audit_events`)
			}
			for _, q := range stmts {
				_, err := db.ExecContext(ctx, q)
				if err == nil || !strings.Contains(err.Error(), "append-only") {
					t.Errorf("%s: error = %v, want the append-only guard", q, err)
				}
			}
		})
	}
}

// TestSQLStoreAppendFromTwoPools appends through two connection pools on one
// database, as two server processes would, and expects one unbroken chain.
func TestSQLStoreAppendFromTwoPools(t *testing.T) {
	urls := map[string]func(testing.TB) string{
		"sqlite":   storagetest.SQLiteURL,
		"postgres": storagetest.PostgresURL,
	}
	for name, url := range urls {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			raw := url(t)
			var stores []*audit.SQLStore
			for range 2 {
				db, err := storage.Open(ctx, raw)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				if _, err := db.Migrate(ctx, audit.Migrations); err != nil {
					t.Fatal(err)
				}
				stores = append(stores, audit.NewSQLStore(db))
			}
			var wg sync.WaitGroup
			for w := range 8 {
				wg.Go(func() {
					for i := range 25 {
						e := validEvent()
						e.TargetID = fmt.Sprintf("abs-%d-%d", w, i)
						if _, err := stores[w%2].Append(ctx, e); err != nil {
							t.Errorf("append: %v", err)
							return
						}
					}
				})
			}
			wg.Wait()
			r, err := stores[0].Verify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !r.OK || r.Events != 200 || r.LastSeq != 200 {
				t.Fatalf("verify = %+v, want 200 events OK", r)
			}
		})
	}
}

// tamperColumns are the columns the tamper helper may change.
var tamperColumns = map[string]bool{
	"at": true, "actor_id": true, "action": true, "target_type": true, "target_id": true,
	"org_id": true, "outcome": true, "request_id": true, "ip_hash": true, "reason": true,
	"prev_hash": true, "hash": true,
}

// sqlTamper changes audit_events behind the store's back: on PostgreSQL with
// the user triggers disabled, on SQLite with the triggers dropped and created
// again, in one transaction either way.
func sqlTamper(db *storage.DB) audittest.Tamper {
	return audittest.Tamper{
		Set: func(t *testing.T, seq int64, column string, value any) {
			t.Helper()
			if !tamperColumns[column] {
				t.Fatalf("tamper: unknown column %q", column)
			}
			bypassGuard(t, db, `UPDATE audit_events SET `+column+` = $1 WHERE seq = $2`, value, seq)
		},
		Delete: func(t *testing.T, seq int64) {
			t.Helper()
			bypassGuard(t, db, `DELETE FROM audit_events WHERE seq = $1`, seq)
		},
		TryUpdate: func(seq int64) error {
			_, err := db.ExecContext(context.Background(), `UPDATE audit_events SET reason = 'INC-1' WHERE seq = $1`, seq)
			return err
		},
		TryDelete: func(seq int64) error {
			_, err := db.ExecContext(context.Background(), `DELETE FROM audit_events WHERE seq = $1`, seq)
			return err
		},
	}
}

func bypassGuard(t *testing.T, db *storage.DB, query string, args ...any) {
	t.Helper()
	ctx := context.Background()
	err := db.InTx(ctx, func(tx *sql.Tx) error {
		var restore []string
		switch db.Dialect {
		case storage.Postgres:
			if _, err := tx.ExecContext(ctx, `ALTER TABLE audit_events DISABLE TRIGGER USER`); err != nil {
				return err
			}
			restore = []string{`ALTER TABLE audit_events ENABLE TRIGGER USER`}
		case storage.SQLite:
			rows, err := tx.QueryContext(ctx,
				`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'`)
			if err != nil {
				return err
			}
			var names []string
			for rows.Next() {
				var name, create string
				if err := rows.Scan(&name, &create); err != nil {
					rows.Close()
					return err
				}
				names = append(names, name)
				restore = append(restore, create)
			}
			rows.Close()
			if len(names) == 0 {
				return fmt.Errorf("no triggers on audit_events")
			}
			for _, name := range names {
				if _, err := tx.ExecContext(ctx, `DROP TRIGGER `+name); err != nil {
					return err
				}
			}
		}
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("%d rows affected (%v), want 1", n, err)
		}
		for _, q := range restore {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("tamper %q: %v", query, err)
	}
}

func validEvent() audit.Event {
	return audit.Event{
		Time:       time.Date(2025, 1, 17, 10, 0, 0, 0, time.UTC),
		ActorID:    "acct_1",
		Action:     "absence.view",
		TargetType: "absence",
		TargetID:   "abs-1",
		OrgID:      "org-1",
		Outcome:    audit.OutcomeSuccess,
	}
}
