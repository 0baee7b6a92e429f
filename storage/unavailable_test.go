package storage_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/rediskv"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// TestIsUnavailableOnRealDriverErrors classifies errors produced by the real
// drivers: a dependency that is down is unavailable (503, retry later); a
// bug or an answer (syntax error, constraint, bad JSON, not-found) is not.
func TestIsUnavailableOnRealDriverErrors(t *testing.T) {
	ctx := context.Background()
	closedPort := storagetest.FreePort(t)

	cases := []struct {
		name string
		err  func(t *testing.T) error
		down bool
	}{
		{"PostgreSQL on a closed port", func(t *testing.T) error {
			_, err := storage.Open(ctx, fmt.Sprintf("postgres://127.0.0.1:%d/test?connect_timeout=2", closedPort))
			return err
		}, true},
		{"Redis on a closed port", func(t *testing.T) error {
			c := redis.NewClient(&redis.Options{Addr: fmt.Sprintf("127.0.0.1:%d", closedPort), MaxRetries: -1})
			defer c.Close()
			_, err := rediskv.New(c, "t:").Get(ctx, "k")
			return err
		}, true},
		{"Redis client closed", func(t *testing.T) error {
			opt, err := redis.ParseURL(storagetest.RedisURL())
			if err != nil {
				t.Fatal(err)
			}
			c := redis.NewClient(opt)
			c.Close()
			return rediskv.New(c, "t:").Set(ctx, "k", []byte("v"), time.Minute)
		}, true},
		{"HTTP service on a closed port", func(t *testing.T) error {
			_, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/", closedPort))
			return err
		}, true},
		{"PostgreSQL backend terminated by an administrator", pgTerminated, true},
		{"PostgreSQL call past its deadline", func(t *testing.T) error {
			db := storagetest.OpenPostgres(t)
			dctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
			defer cancel()
			_, err := db.ExecContext(dctx, "SELECT pg_sleep(5)")
			return err
		}, true},
		{"SQLite database locked by another writer", sqliteBusy, true},
		{"PostgreSQL syntax error", func(t *testing.T) error {
			_, err := storagetest.OpenPostgres(t).ExecContext(ctx, "SELEKT 1")
			return err
		}, false},
		{"SQLite syntax error", func(t *testing.T) error {
			_, err := storagetest.OpenSQLite(t).ExecContext(ctx, "SELEKT 1")
			return err
		}, false},
		{"PostgreSQL unique violation", func(t *testing.T) error {
			return uniqueViolation(t, storagetest.OpenPostgres(t))
		}, false},
		{"SQLite unique violation", func(t *testing.T) error {
			return uniqueViolation(t, storagetest.OpenSQLite(t))
		}, false},
		{"no rows", func(t *testing.T) error {
			var n int
			return storagetest.OpenSQLite(t).QueryRowContext(ctx, "SELECT 1 WHERE 1 = 0").Scan(&n)
		}, false},
		{"Redis missing key", func(t *testing.T) error {
			kv, err := rediskv.Open(ctx, storagetest.RedisURL(), storagetest.RedisPrefix(t))
			if err != nil {
				t.Fatal(err)
			}
			defer kv.Close()
			_, err = kv.Get(ctx, "absent")
			return err
		}, false},
		{"Redis wrong type", func(t *testing.T) error {
			kv, err := rediskv.Open(ctx, storagetest.RedisURL(), storagetest.RedisPrefix(t))
			if err != nil {
				t.Fatal(err)
			}
			defer kv.Close()
			if err := kv.SetAdd(ctx, "set", "m", time.Minute); err != nil {
				t.Fatal(err)
			}
			_, err = kv.Incr(ctx, "set", time.Minute)
			return err
		}, false},
		{"HTTP URL with a scheme no client speaks", func(t *testing.T) error {
			_, err := http.Get("bogus://127.0.0.1/")
			return err
		}, false},
		{"JSON that does not decode", func(t *testing.T) error {
			var v struct{ N int }
			return json.Unmarshal([]byte(`{"N":"x"}`), &v)
		}, false},
		{"a domain not-found", func(t *testing.T) error {
			return fmt.Errorf("load user: %w", storage.NewNotFound("account: not found"))
		}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.err(t)
			if err == nil {
				t.Fatal("the driver returned no error")
			}
			if got := storage.IsUnavailable(err); got != tc.down {
				t.Errorf("IsUnavailable(%T %v) = %v, want %v", err, err, got, tc.down)
			}
		})
	}
}

func TestNotFoundSentinelsMatchErrNotFound(t *testing.T) {
	mine := storage.NewNotFound("account: not found")
	other := storage.NewNotFound("mfa: not found")
	wrapped := fmt.Errorf("load: %w", mine)
	switch {
	case !errors.Is(wrapped, mine):
		t.Error("a sentinel does not match itself")
	case errors.Is(wrapped, other):
		t.Error("one package's not-found matches another's")
	case !storage.IsNotFound(wrapped), !storage.IsNotFound(sql.ErrNoRows), !storage.IsNotFound(storage.ErrNotFound):
		t.Error("IsNotFound misses a not-found")
	case storage.IsNotFound(errors.New("storage: not found")):
		t.Error("IsNotFound matches on text")
	}
}

// pgTerminated returns the error of a query on a connection an
// administrator terminated (pg_terminate_backend: SQLSTATE 57P01).
func pgTerminated(t *testing.T) error {
	ctx := context.Background()
	db := storagetest.OpenPostgres(t)
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var pid int
	if err := conn.QueryRowContext(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "SELECT pg_terminate_backend($1)", pid); err != nil {
		t.Fatal(err)
	}
	_, err = conn.ExecContext(ctx, "SELECT 1")
	return err
}

// sqliteBusy returns SQLITE_BUSY: a second writer without a busy timeout
// while the first holds the write lock.
func sqliteBusy(t *testing.T) error {
	ctx := context.Background()
	dsn := "file:" + filepath.Join(t.TempDir(), "busy.db") + "?_pragma=busy_timeout(0)&_txlock=immediate"
	open := func() *sql.DB {
		db, err := sql.Open("sqlite", dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	first, second := open(), open()
	if _, err := first.ExecContext(ctx, "CREATE TABLE t (n INTEGER)"); err != nil {
		t.Fatal(err)
	}
	tx, err := first.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	_, err = second.ExecContext(ctx, "INSERT INTO t VALUES (1)")
	return err
}

func uniqueViolation(t *testing.T, db *storage.DB) error {
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, "CREATE TABLE u (n INTEGER PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "INSERT INTO u VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	_, err := db.ExecContext(ctx, "INSERT INTO u VALUES (1)")
	return err
}
