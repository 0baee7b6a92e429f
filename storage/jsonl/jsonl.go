// Package jsonl appends JSON objects as lines to a file and reads them back.
// It is the one mechanism behind the development outboxes for mail and SMS:
// directories 0700, files 0600, one whole line per write even when many
// goroutines write at once.
package jsonl

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// Appender serialises appends within the process; the zero value is ready.
type Appender struct {
	mu sync.Mutex
}

// Append writes v as one line (HTML characters not escaped) to the file at
// path, creating it and its directory when missing.
func (f *Appender) Append(path string, v any) error {
	var line bytes.Buffer
	enc := json.NewEncoder(&line) // Encode ends the line with '\n'
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	_, werr := file.Write(line.Bytes())
	return errors.Join(werr, file.Close())
}

// Read returns the lines of the file at path decoded as T, oldest first. A
// file that does not exist yet holds no lines; blank lines are skipped.
func Read[T any](path string) ([]T, error) {
	file, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer file.Close()
	var out []T
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 0, 64*1024), 4<<20)
	for n := 1; sc.Scan(); n++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			return out, fmt.Errorf("%s line %d: %w", filepath.Base(path), n, err)
		}
		out = append(out, v)
	}
	return out, sc.Err()
}
