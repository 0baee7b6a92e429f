package storage

import (
	"embed"
	"time"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var schemaFS embed.FS

// Schema is the main database's migration set (accounts, factors, tokens, SMS ledger).
var Schema = Migrations{FS: mustSub(schemaFS, "migrations"), Table: "schema_migrations"}

func nowMicros() int64 { return time.Now().UnixMicro() }
