package app

import (
	"context"
	"fmt"

	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/config"
	"github.com/mijnaccount/mijnaccount/storage"
)

// MigrateResult lists migrations per database: applied ones, or pending ones
// for a status query.
type MigrateResult struct {
	Main  []string `json:"main"`
	Audit []string `json:"audit"`
}

// Migrate applies (apply=true) or lists pending migrations of the main and the
// audit database.
func Migrate(ctx context.Context, cfg config.Config, apply bool) (MigrateResult, error) {
	var res MigrateResult
	for _, target := range []struct {
		name string
		url  string
		set  storage.Migrations
		out  *[]string
	}{
		{"main", cfg.DatabaseURL(), storage.Schema, &res.Main},
		{"audit", cfg.AuditDatabaseURL(), audit.Migrations, &res.Audit},
	} {
		db, err := storage.Open(ctx, target.url)
		if err != nil {
			return res, fmt.Errorf("%s database: %w", target.name, err)
		}
		var names []string
		if apply {
			names, err = db.Migrate(ctx, target.set)
		} else {
			names, err = db.Pending(ctx, target.set)
		}
		db.Close()
		if err != nil {
			return res, fmt.Errorf("%s database: %w", target.name, err)
		}
		*target.out = append([]string{}, names...)
	}
	return res, nil
}
