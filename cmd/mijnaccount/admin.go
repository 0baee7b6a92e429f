package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app"
	"github.com/mijnaccount/mijnaccount/storage"
)

// withAccounts opens the main database (migrated, builtin roles ensured) and
// runs fn with the account store.
func (g *globals) withAccounts(cmd *cobra.Command, fn func(ctx context.Context, s *account.SQLStore) error) error {
	cfg, err := g.loadConfig()
	if err != nil {
		return err
	}
	ctx := commandContext(cmd)
	db, err := storage.Open(ctx, cfg.DatabaseURL())
	if err != nil {
		return fmt.Errorf("main database: %w", err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx, storage.Schema); err != nil {
		return fmt.Errorf("main database: %w", err)
	}
	s := account.NewSQLStore(db)
	if err := account.EnsureBuiltinRoles(ctx, s); err != nil {
		return err
	}
	return fn(ctx, s)
}

// withApp opens the whole application (for commands that mail or audit) and
// runs fn with it.
func (g *globals) withApp(cmd *cobra.Command, fn func(ctx context.Context, a *app.App) error) error {
	cfg, err := g.loadConfig()
	if err != nil {
		return err
	}
	log, err := g.logger(cfg)
	if err != nil {
		return err
	}
	ctx := commandContext(cmd)
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	return fn(ctx, a)
}
