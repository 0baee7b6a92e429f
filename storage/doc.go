// Package storage opens the relational database (SQLite or PostgreSQL), applies
// versioned migrations, and provides the short-lived key-value store (memory or
// Redis) used for login flows, ceremonies, rate limits and sessions.
//
// Conventions every SQL store in the project follows:
//   - one query text for both dialects, with $1, $2 … placeholders;
//   - times are stored as BIGINT Unix microseconds in UTC (see Micros and FromMicros),
//     so comparisons and ordering behave the same on SQLite and PostgreSQL;
//   - ids are opaque random strings made by NewID.
//
// Errors: IsUnavailable tells a dependency that is down (PostgreSQL or Redis
// unreachable, a connection cut, SQLite busy; 503, retry later) from every
// other error (a bug or an answer); IsNotFound tells a not-found, including
// the domain packages' own sentinels made with NewNotFound. The server maps
// errors to statuses with both.
//
// It must not know about accounts, factors or tokens: domain packages own their
// types and queries and only borrow a *DB or a KV from here.
package storage
