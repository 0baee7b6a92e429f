package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrUnavailable marks an error as a dependency that is down or overloaded
// for now: the same request may succeed later. Backends that know their
// driver's connection failures (see rediskv) wrap them with it; callers test
// with [IsUnavailable], not errors.Is, so driver errors count too.
var ErrUnavailable = errors.New("storage: unavailable")

// notFoundError is a package's own not-found sentinel that also matches
// [ErrNotFound].
type notFoundError struct{ msg string }

func (e *notFoundError) Error() string        { return e.msg }
func (e *notFoundError) Is(target error) bool { return target == ErrNotFound }

// NewNotFound returns a not-found sentinel with its own text for a domain
// package (account.ErrNotFound, …). errors.Is matches it against itself and
// against [ErrNotFound], so a not-found that nobody handled still answers
// 404 and never passes for an outage.
func NewNotFound(msg string) error { return &notFoundError{msg} }

// IsNotFound reports whether err is, or wraps, a not-found: [ErrNotFound], a
// sentinel made by [NewNotFound], or sql.ErrNoRows.
func IsNotFound(err error) bool {
	return errors.Is(err, ErrNotFound) || errors.Is(err, sql.ErrNoRows)
}

// IsUnavailable reports whether err says a dependency (PostgreSQL, SQLite,
// Redis, or a service reached over the network) is down, unreachable, too
// busy or too slow: a condition that passes, so 503 and a retry are right.
// Everything else a store returns (a SQL syntax error, a constraint, a value
// that does not decode, a not-found) is a bug or an answer, and retrying it
// would only repeat it.
//
// Down means: [ErrUnavailable]; a network failure (a *net.OpError, a DNS
// error, a net.Error that timed out, also inside a *url.Error) or
// ECONNREFUSED, ECONNRESET, EPIPE, but not a malformed address, which is a
// configuration error; driver.ErrBadConn or sql.ErrConnDone;
// context.DeadlineExceeded (a dependency call ran out of time);
// io.ErrUnexpectedEOF (a connection cut mid-reply); from pgx a
// *pgconn.ConnectError, an error safe to retry or a timeout, and the
// SQLSTATEs for connection exceptions (class 08), server shutdown (57P01,
// 57P02, 57P03) and too many connections (53300), see
// https://www.postgresql.org/docs/current/errcodes-appendix.html; from SQLite
// SQLITE_BUSY and SQLITE_LOCKED (another writer holds the database).
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	switch {
	case errors.Is(err, ErrUnavailable),
		errors.Is(err, driver.ErrBadConn),
		errors.Is(err, sql.ErrConnDone),
		errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE):
		return true
	}
	if _, ok := errors.AsType[*net.OpError](err); ok {
		return true
	}
	if _, ok := errors.AsType[*net.DNSError](err); ok {
		return true
	}
	if ne, ok := errors.AsType[net.Error](err); ok && ne.Timeout() {
		return true
	}
	if _, ok := errors.AsType[*pgconn.ConnectError](err); ok {
		return true
	}
	if pgconn.SafeToRetry(err) || pgconn.Timeout(err) {
		return true
	}
	if pg, ok := errors.AsType[*pgconn.PgError](err); ok {
		return pgUnavailable(pg.Code)
	}
	if lite, ok := errors.AsType[*sqlite.Error](err); ok {
		switch lite.Code() & 0xff { // the primary code of an extended one
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return true
		}
	}
	return false
}

// pgUnavailable reports whether a SQLSTATE says the server cannot serve now.
func pgUnavailable(code string) bool {
	switch code {
	case "57P01", // admin_shutdown
		"57P02", // crash_shutdown
		"57P03", // cannot_connect_now (starting up, recovery)
		"53300": // too_many_connections
		return true
	}
	return strings.HasPrefix(code, "08") // connection_exception
}
