package storage_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// TestIsUniqueViolationOnRealDriverErrors provokes each kind of constraint
// violation on real SQLite and PostgreSQL: only a duplicate in a UNIQUE
// column or a primary key is a unique violation, only the latter a primary
// key violation; NOT NULL, CHECK and FOREIGN KEY violations are neither.
func TestIsUniqueViolationOnRealDriverErrors(t *testing.T) {
	ctx := context.Background()
	for backend, open := range storagetest.Backends() {
		t.Run(backend, func(t *testing.T) {
			db := open(t)
			for _, stmt := range []string{
				`CREATE TABLE parents (id TEXT PRIMARY KEY)`,
				`CREATE TABLE things (
					id        TEXT PRIMARY KEY,
					code      TEXT NOT NULL UNIQUE,
					size      INTEGER NOT NULL CHECK (size > 0),
					parent_id TEXT REFERENCES parents (id)
				)`,
				`INSERT INTO things (id, code, size) VALUES ('t1', 'c1', 1)`,
			} {
				if _, err := db.ExecContext(ctx, stmt); err != nil {
					t.Fatal(err)
				}
			}
			cases := []struct {
				name               string
				insert             string
				unique, primaryKey bool
			}{
				{"duplicate primary key", `INSERT INTO things (id, code, size) VALUES ('t1', 'c2', 1)`, true, true},
				{"duplicate unique column", `INSERT INTO things (id, code, size) VALUES ('t2', 'c1', 1)`, true, false},
				{"NOT NULL", `INSERT INTO things (id, code, size) VALUES ('t3', NULL, 1)`, false, false},
				{"CHECK", `INSERT INTO things (id, code, size) VALUES ('t4', 'c4', 0)`, false, false},
				{"FOREIGN KEY", `INSERT INTO things (id, code, size, parent_id) VALUES ('t5', 'c5', 1, 'nobody')`, false, false},
			}
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					_, err := db.ExecContext(ctx, c.insert)
					if err == nil {
						t.Fatal("insert succeeded, want a constraint violation")
					}
					wrapped := fmt.Errorf("store: %w", err)
					if got := storage.IsUniqueViolation(wrapped); got != c.unique {
						t.Errorf("IsUniqueViolation(%v) = %v, want %v", err, got, c.unique)
					}
					if got := storage.IsPrimaryKeyViolation(wrapped); got != c.primaryKey {
						t.Errorf("IsPrimaryKeyViolation(%v) = %v, want %v", err, got, c.primaryKey)
					}
				})
			}
		})
	}
}

// TestIsUniqueViolationIgnoresMessageText shows the classification reads the
// driver's code: an error that only says it in words is not a violation.
func TestIsUniqueViolationIgnoresMessageText(t *testing.T) {
	for _, err := range []error{
		nil,
		errors.New("UNIQUE constraint failed: things.id"),
		errors.New(`ERROR: duplicate key value violates unique constraint "things_pkey" (SQLSTATE 23505)`),
	} {
		if storage.IsUniqueViolation(err) || storage.IsPrimaryKeyViolation(err) {
			t.Errorf("%v counted as a unique violation", err)
		}
	}
}
