package storage

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migrations is a versioned set of SQL files: one directory per dialect
// ("sqlite", "postgres"), files named NNNN_description.sql, applied in order,
// each in its own transaction, recorded in the table named by Table.
type Migrations struct {
	FS    fs.FS
	Table string
}

// Migration is one file of a set.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// List returns the migrations of the set for dialect, in version order.
func (m Migrations) List(dialect Dialect) ([]Migration, error) {
	dir := string(dialect)
	entries, err := fs.ReadDir(m.FS, dir)
	if err != nil {
		return nil, fmt.Errorf("migrations for %s: %w", dialect, err)
	}
	var out []Migration
	seen := map[int]string{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a positive version and '_'", e.Name())
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("migration version %d used twice (%s, %s)", v, prev, e.Name())
		}
		seen[v] = e.Name()
		body, err := fs.ReadFile(m.FS, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: e.Name(), SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// Migrate applies every migration of set that db has not applied yet and
// returns the names applied. On PostgreSQL an advisory lock keeps several
// instances starting at once from racing; SQLite transactions take the write
// lock at BEGIN.
func (db *DB) Migrate(ctx context.Context, set Migrations) ([]string, error) {
	list, err := set.List(db.Dialect)
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if db.Dialect == Postgres {
		key := advisoryKey(set.Table)
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, key); err != nil {
			return nil, fmt.Errorf("migration lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, key) //nolint:errcheck
	}
	create := `CREATE TABLE IF NOT EXISTS ` + set.Table +
		` (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`
	if _, err := conn.ExecContext(ctx, create); err != nil {
		return nil, fmt.Errorf("create %s: %w", set.Table, err)
	}
	var applied []string
	for _, m := range list {
		done, err := migrationApplied(ctx, conn, set.Table, m.Version)
		if err != nil {
			return applied, err
		}
		if done {
			continue
		}
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return applied, err
		}
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			_ = tx.Rollback()
			return applied, fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+set.Table+` (version, name, applied_at) VALUES ($1, $2, $3)`,
			m.Version, m.Name, nowMicros()); err != nil {
			_ = tx.Rollback()
			return applied, fmt.Errorf("record migration %s: %w", m.Name, err)
		}
		if err := tx.Commit(); err != nil {
			return applied, fmt.Errorf("migration %s: %w", m.Name, err)
		}
		applied = append(applied, m.Name)
	}
	return applied, nil
}

// Pending returns the names of migrations of set that db has not applied.
func (db *DB) Pending(ctx context.Context, set Migrations) ([]string, error) {
	list, err := set.List(db.Dialect)
	if err != nil {
		return nil, err
	}
	var pending []string
	for _, m := range list {
		var n int
		err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+set.Table+` WHERE version = $1`, m.Version).Scan(&n)
		if err != nil {
			// No bookkeeping table yet: everything is pending.
			return migrationNames(list), nil //nolint:nilerr
		}
		if n == 0 {
			pending = append(pending, m.Name)
		}
	}
	return pending, nil
}

func migrationNames(list []Migration) []string {
	names := make([]string, len(list))
	for i, m := range list {
		names[i] = m.Name
	}
	return names
}

func migrationApplied(ctx context.Context, conn *sql.Conn, table string, version int) (bool, error) {
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE version = $1`, version).Scan(&n); err != nil {
		return false, err
	}
	return n > 0, nil
}

// advisoryKey derives a stable PostgreSQL advisory-lock key from a table name.
func advisoryKey(table string) int64 {
	var h int64 = 1469598103934665603 // FNV offset basis, as int64
	for i := 0; i < len(table); i++ {
		h ^= int64(table[i])
		h *= 1099511628211
	}
	return h
}
