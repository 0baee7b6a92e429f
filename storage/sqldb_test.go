package storage_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

func TestParseURL(t *testing.T) {
	for raw, want := range map[string]string{
		"sqlite:data/x.db":                    "sqlite",
		"sqlite:///var/lib/x.db":              "sqlite",
		"postgres://u@h:5432/db":              "postgres",
		"postgresql://u@h/db?sslmode=require": "postgres",
		"mysql://h/db":                        `unsupported scheme "mysql"`,
		"sqlite:":                             "no file path",
		"":                                    "empty",
		"data.db":                             "no scheme",
	} {
		d, err := storage.ParseURL(raw)
		got := string(d)
		if err != nil {
			got = err.Error()
		}
		if !strings.Contains(got, want) {
			t.Errorf("ParseURL(%q) = %q, want %q", raw, got, want)
		}
	}
}

func TestOpenSQLiteCreatesItsDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nested", "dir", "x.db")
	db, err := storage.Open(context.Background(), "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database file not created: %v", err)
	}
	var mode string
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal mode = %q, %v; want wal", mode, err)
	}
	var fk int
	if err := db.QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign keys = %d, %v; want on", fk, err)
	}
}

func TestMigrationsOnEveryBackend(t *testing.T) {
	set := storage.Migrations{Table: "test_migrations", FS: fstest.MapFS{
		"sqlite/0001_a.sql":   {Data: []byte(`CREATE TABLE a (id TEXT PRIMARY KEY);`)},
		"sqlite/0002_b.sql":   {Data: []byte(`CREATE TABLE b (id TEXT PRIMARY KEY);`)},
		"postgres/0001_a.sql": {Data: []byte(`CREATE TABLE a (id TEXT PRIMARY KEY);`)},
		"postgres/0002_b.sql": {Data: []byte(`CREATE TABLE b (id TEXT PRIMARY KEY);`)},
	}}
	broken := storage.Migrations{Table: "test_migrations", FS: fstest.MapFS{
		"sqlite/0003_bad.sql":   {Data: []byte(`CREATE TABLE c (id TEXT); CREATE TABLE oops (;`)},
		"postgres/0003_bad.sql": {Data: []byte(`CREATE TABLE c (id TEXT); CREATE TABLE oops (;`)},
		"sqlite/0001_a.sql":     {Data: []byte(`CREATE TABLE a (id TEXT PRIMARY KEY);`)},
		"postgres/0001_a.sql":   {Data: []byte(`CREATE TABLE a (id TEXT PRIMARY KEY);`)},
	}}
	ctx := context.Background()
	for name, url := range map[string]string{"sqlite": storagetest.SQLiteURL(t), "postgres": storagetest.PostgresURL(t)} {
		t.Run(name, func(t *testing.T) {
			db, err := storage.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if p, _ := db.Pending(ctx, set); len(p) != 2 {
				t.Fatalf("pending before = %v", p)
			}
			applied, err := db.Migrate(ctx, set)
			if err != nil || len(applied) != 2 {
				t.Fatalf("applied = %v, %v", applied, err)
			}
			again, err := db.Migrate(ctx, set)
			if err != nil || len(again) != 0 {
				t.Fatalf("second run applied %v, %v; want nothing", again, err)
			}
			if _, err := db.Migrate(ctx, broken); err == nil || !strings.Contains(err.Error(), "0003_bad.sql") {
				t.Fatalf("a broken migration must fail naming its file: %v", err)
			}
			if p, _ := db.Pending(ctx, broken); len(p) != 1 {
				t.Fatalf("the broken migration must stay pending (rolled back): %v", p)
			}
			var n int
			err = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM c`).Scan(&n)
			if err == nil {
				t.Fatal("a failed migration must leave nothing behind")
			}
		})
	}
}

func TestMigrationNamesAreChecked(t *testing.T) {
	for name, fsys := range map[string]fstest.MapFS{
		"no version": {"sqlite/init.sql": {Data: []byte(`SELECT 1;`)}},
		"duplicate":  {"sqlite/0001_a.sql": {Data: []byte(`SELECT 1;`)}, "sqlite/0001_b.sql": {Data: []byte(`SELECT 1;`)}},
	} {
		if _, err := (storage.Migrations{FS: fsys, Table: "m"}).List(storage.SQLite); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

func TestSchemaAppliesOnBothDialects(t *testing.T) {
	for name, open := range storagetest.Backends() {
		t.Run(name, func(t *testing.T) { open(t) })
	}
}
