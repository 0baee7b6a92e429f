package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect names the SQL database behind a DB.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is a database/sql pool with the dialect it speaks.
type DB struct {
	*sql.DB
	Dialect Dialect
}

// ParseURL checks a database URL and returns its dialect. Accepted forms:
// sqlite:relative/path.db, sqlite:///absolute/path.db, postgres://… and
// postgresql://….
func ParseURL(raw string) (Dialect, error) {
	switch {
	case raw == "":
		return "", errors.New("empty database URL")
	case strings.HasPrefix(raw, "sqlite:"):
		if sqlitePath(raw) == "" {
			return "", errors.New("sqlite URL has no file path")
		}
		return SQLite, nil
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		if _, err := url.Parse(raw); err != nil {
			return "", fmt.Errorf("malformed postgres URL: %w", err)
		}
		return Postgres, nil
	}
	scheme, _, ok := strings.Cut(raw, ":")
	if !ok {
		return "", errors.New("database URL has no scheme (want sqlite: or postgres://)")
	}
	return "", fmt.Errorf("unsupported scheme %q (want sqlite or postgres)", scheme)
}

// sqlitePath returns the file path of a sqlite: URL without its query.
func sqlitePath(raw string) string {
	p := strings.TrimPrefix(raw, "sqlite:")
	p = strings.TrimPrefix(p, "//")
	p, _, _ = strings.Cut(p, "?")
	return p
}

// Open opens and pings the database at raw. SQLite files are created with their
// directory; they run in WAL mode with a busy timeout, foreign keys on and
// transactions that take the write lock at BEGIN (no upgrade deadlocks).
func Open(ctx context.Context, raw string) (*DB, error) {
	dialect, err := ParseURL(raw)
	if err != nil {
		return nil, err
	}
	var db *sql.DB
	switch dialect {
	case SQLite:
		path := sqlitePath(raw)
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, fmt.Errorf("create database directory: %w", err)
			}
		}
		dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
			"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
		db, err = sql.Open("sqlite", dsn)
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(8)
	case Postgres:
		db, err = sql.Open("pgx", raw)
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(32)
		db.SetMaxIdleConns(16)
	}
	db.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s database: %w", dialect, err)
	}
	return &DB{DB: db, Dialect: dialect}, nil
}

// InTx runs fn in a transaction and commits when fn returns nil.
func (db *DB) InTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}
