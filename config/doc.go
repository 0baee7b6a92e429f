// Package config holds the one typed configuration of Mijn Account.
//
// Defaults are the embedded development mode (SQLite under ./data, memory
// key-value store, outboxes for mail and SMS). A YAML file may override them and
// MIJNACCOUNT_* environment variables override the file: the variable for a key
// is its dotted path in upper case with dots as underscores (database.url →
// MIJNACCOUNT_DATABASE_URL). Validate reports every problem at once, each
// naming its key. docs/configuration.md lists every key; a test keeps the two
// in step.
//
// The package must not open connections or files other than the YAML file: it
// only describes and checks.
package config
