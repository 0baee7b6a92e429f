package storage

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// pgUniqueViolation is SQLSTATE unique_violation (class 23, integrity
// constraint violation), see
// https://www.postgresql.org/docs/current/errcodes-appendix.html.
const pgUniqueViolation = "23505"

// IsUniqueViolation reports whether err is, or wraps, a unique-constraint
// violation (a UNIQUE index or a primary key) on either dialect. It reads the
// driver's error code, never the message text: SQLSTATE 23505 from
// PostgreSQL, and from SQLite the extended result codes
// SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY
// (https://www.sqlite.org/rescode.html). Other constraint violations (NOT
// NULL, CHECK, FOREIGN KEY) are not unique violations.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	if pg, ok := errors.AsType[*pgconn.PgError](err); ok {
		return pg.Code == pgUniqueViolation
	}
	if lite, ok := errors.AsType[*sqlite.Error](err); ok {
		switch lite.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return true
		}
	}
	return false
}

// IsPrimaryKeyViolation reports whether err is a unique violation of a
// table's primary key rather than of another UNIQUE constraint: SQLite's
// SQLITE_CONSTRAINT_PRIMARYKEY, or a PostgreSQL 23505 on a constraint named
// like PostgreSQL names primary keys (<table>_pkey). A store that draws
// random ids uses it to draw again on a taken id while reporting any other
// duplicate.
func IsPrimaryKeyViolation(err error) bool {
	if err == nil {
		return false
	}
	if pg, ok := errors.AsType[*pgconn.PgError](err); ok {
		return pg.Code == pgUniqueViolation && strings.HasSuffix(pg.ConstraintName, "_pkey")
	}
	if lite, ok := errors.AsType[*sqlite.Error](err); ok {
		return lite.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}
