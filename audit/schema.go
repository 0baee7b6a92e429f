package audit

import (
	"embed"
	"io/fs"

	"github.com/mijnaccount/mijnaccount/storage"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationsFS embed.FS

// Migrations is the audit database's migration set. It is applied to the audit
// database only, never to the main one.
var Migrations = storage.Migrations{FS: migrationsDir(), Table: "audit_schema_migrations"}

func migrationsDir() fs.FS {
	sub, err := fs.Sub(migrationsFS, "migrations")
	if err != nil {
		panic(err)
	}
	return sub
}
