// Package storage opens the relational database (SQLite or PostgreSQL), applies
// versioned migrations, and provides the short-lived key-value store (memory or
// Redis) used for login flows, ceremonies, rate limits and sessions.
//
// Conventions every SQL store in the project follows:
//   - one query text for both dialects, with $1, $2 … placeholders;
//   - times are stored as BIGINT Unix microseconds in UTC (see Micros and FromMicros),
//     so comparisons and ordering behave the same on SQLite and PostgreSQL;
//   - ids are opaque random strings made by NewID;
//   - a function that runs inside or outside a transaction takes a Querier
//     (*DB and *sql.Tx both are one), and one scan function per row type takes
//     a Scanner (*sql.Row or *sql.Rows).
//
// Errors: IsUnavailable tells a dependency that is down (PostgreSQL or Redis
// unreachable, a connection cut, SQLite busy; 503, retry later) from every
// other error (a bug or an answer); IsNotFound tells a not-found, including
// the domain packages' own sentinels made with NewNotFound. The server maps
// errors to statuses with both. IsUniqueViolation (and IsPrimaryKeyViolation
// for a taken id) tell a duplicate by the driver's error code, never by the
// message text.
//
// It must not know about accounts, factors or tokens: domain packages own their
// types and queries and only borrow a *DB or a KV from here.
package storage
