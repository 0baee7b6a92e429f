package storage

import (
	"context"
	"database/sql"
)

// Querier is what *DB, *sql.DB and *sql.Tx have in common: a store function
// that takes a Querier runs the same SQL inside or outside a transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Scanner is a *sql.Row or *sql.Rows: one scan function reads a row from
// either.
type Scanner interface {
	Scan(dest ...any) error
}

var (
	_ Querier = (*DB)(nil)
	_ Querier = (*sql.Tx)(nil)
	_ Scanner = (*sql.Row)(nil)
	_ Scanner = (*sql.Rows)(nil)
)
