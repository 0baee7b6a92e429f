package jsonl

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

type entry struct {
	N    int    `json:"n"`
	HTML string `json:"html"`
}

func TestAppendAndReadConcurrently(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deep", "out.jsonl")
	f := &Appender{}
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if err := f.Append(path, entry{N: i, HTML: "<p>" + strings.Repeat("x", 5000) + "</p>"}); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	got, err := Read[entry](path)
	if err != nil || len(got) != 50 {
		t.Fatalf("read %d entries, %v", len(got), err)
	}
	seen := map[int]bool{}
	for _, e := range got {
		seen[e.N] = true
	}
	if len(seen) != 50 {
		t.Fatalf("lines were lost or mixed: %d distinct", len(seen))
	}
	raw, _ := os.ReadFile(path)
	if !strings.Contains(string(raw), "<p>") {
		t.Fatal("HTML must not be escaped")
	}
	for p, want := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o700} {
		if st, err := os.Stat(p); err != nil || st.Mode().Perm() != want {
			t.Errorf("%s mode = %v, want %v", p, st.Mode().Perm(), want)
		}
	}
}

func TestReadMissingAndBroken(t *testing.T) {
	dir := t.TempDir()
	if got, err := Read[entry](filepath.Join(dir, "none.jsonl")); got != nil || err != nil {
		t.Fatalf("missing file = %v, %v; want empty", got, err)
	}
	bad := filepath.Join(dir, "bad.jsonl")
	_ = os.WriteFile(bad, []byte("{\"n\":1}\n\nnot json\n"), 0o600)
	got, err := Read[entry](bad)
	if err == nil || !strings.Contains(err.Error(), "line 3") || len(got) != 1 {
		t.Fatalf("broken line: %v, %v", got, err)
	}
}
