// Package storagetest gives tests their own fresh databases and key prefixes on
// the real backends: a temporary SQLite file, a new PostgreSQL database per call
// (dropped at cleanup) and a Redis key prefix (deleted at cleanup).
//
// PostgreSQL and Redis are never skipped: when they cannot be reached the test
// fails with a message naming the service. The addresses come from
// MIJNACCOUNT_TEST_POSTGRES_URL and MIJNACCOUNT_TEST_REDIS_URL, defaulting to the
// local services that `make test` starts.
package storagetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/redis/go-redis/v9"

	"github.com/mijnaccount/mijnaccount/storage"
)

// DefaultPostgresURL is the admin connection used to create test databases.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// DefaultRedisURL is the Redis used by tests.
const DefaultRedisURL = "redis://127.0.0.1:6379/0"

// PostgresAdminURL returns the URL tests use to create databases.
func PostgresAdminURL() string {
	if u := os.Getenv("MIJNACCOUNT_TEST_POSTGRES_URL"); u != "" {
		return u
	}
	return DefaultPostgresURL
}

// RedisURL returns the Redis URL tests use.
func RedisURL() string {
	if u := os.Getenv("MIJNACCOUNT_TEST_REDIS_URL"); u != "" {
		return u
	}
	return DefaultRedisURL
}

// SQLiteURL returns the URL of a new SQLite file in the test's temporary directory.
func SQLiteURL(t testing.TB) string {
	t.Helper()
	return "sqlite:" + filepath.Join(t.TempDir(), "test.db")
}

// PostgresURL creates a new, empty PostgreSQL database for the test and returns
// its URL; the database is dropped when the test ends.
func PostgresURL(t testing.TB) string {
	t.Helper()
	admin := PostgresAdminURL()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer db.Close()
	if err := db.PingContext(ctx); err != nil {
		t.Fatalf("postgres at %s is not reachable (make test starts it): %v", redact(admin), err)
	}
	name := "t_" + storage.RandomString(10)
	if _, err := db.ExecContext(ctx, `CREATE DATABASE `+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		db, err := sql.Open("pgx", admin)
		if err != nil {
			return
		}
		defer db.Close()
		_, _ = db.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("postgres URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// OpenSQLite opens a migrated SQLite database for the test.
func OpenSQLite(t testing.TB, sets ...storage.Migrations) *storage.DB {
	t.Helper()
	return openMigrated(t, SQLiteURL(t), sets)
}

// OpenPostgres opens a migrated, fresh PostgreSQL database for the test.
func OpenPostgres(t testing.TB, sets ...storage.Migrations) *storage.DB {
	t.Helper()
	return openMigrated(t, PostgresURL(t), sets)
}

// Backends lists the SQL backends every SQL store must be tested on, by name,
// each opening a fresh migrated database.
func Backends() map[string]func(t testing.TB, sets ...storage.Migrations) *storage.DB {
	return map[string]func(t testing.TB, sets ...storage.Migrations) *storage.DB{
		"sqlite":   OpenSQLite,
		"postgres": OpenPostgres,
	}
}

func openMigrated(t testing.TB, raw string, sets []storage.Migrations) *storage.DB {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, raw)
	if err != nil {
		t.Fatalf("open %s: %v", redact(raw), err)
	}
	t.Cleanup(func() { db.Close() })
	if len(sets) == 0 {
		sets = []storage.Migrations{storage.Schema}
	}
	for _, set := range sets {
		if _, err := db.Migrate(ctx, set); err != nil {
			t.Fatalf("migrate %s: %v", set.Table, err)
		}
	}
	return db
}

// RedisPrefix returns a fresh key prefix for the test on the test Redis, and
// deletes every key under it when the test ends. It fails the test when Redis
// cannot be reached.
func RedisPrefix(t testing.TB) string {
	t.Helper()
	opt, err := redis.ParseURL(RedisURL())
	if err != nil {
		t.Fatalf("redis URL: %v", err)
	}
	c := redis.NewClient(opt)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.Ping(ctx).Err(); err != nil {
		c.Close()
		t.Fatalf("redis at %s is not reachable (make test starts it): %v", RedisURL(), err)
	}
	prefix := fmt.Sprintf("test:%s:", storage.RandomString(8))
	t.Cleanup(func() {
		defer c.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		iter := c.Scan(ctx, 0, prefix+"*", 500).Iterator()
		for iter.Next(ctx) {
			c.Del(ctx, iter.Val())
		}
	})
	return prefix
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxx")
	}
	return strings.TrimSpace(u.String())
}
