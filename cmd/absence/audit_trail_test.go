package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/storage"
)

// cliEvents returns the audit trail the commands wrote to the default
// audit database in the data directory dir.
func cliEvents(t *testing.T, dir string) []audit.Event {
	t.Helper()
	db, err := storage.Open(context.Background(), "sqlite:"+filepath.Join(dir, "absence-audit.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []audit.Event
	if err := audit.NewSQLStore(db).Iterate(context.Background(), time.Time{}, func(e audit.Event) error {
		out = append(out, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}
