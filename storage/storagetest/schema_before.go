package storagetest

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mijnaccount/mijnaccount/storage"
)

// SchemaBefore is the set m without its migrations from version on (e.g.
// "0013"), so a test can store rows as an older release did and then see
// what migration version does to them.
func SchemaBefore(t testing.TB, m storage.Migrations, version string) storage.Migrations {
	t.Helper()
	files := fstest.MapFS{}
	err := fs.WalkDir(m.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if name := p[strings.LastIndex(p, "/")+1:]; name >= version {
			return nil
		}
		body, err := fs.ReadFile(m.FS, p)
		files[p] = &fstest.MapFile{Data: body}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return storage.Migrations{FS: files, Table: m.Table}
}
