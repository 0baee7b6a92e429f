package apptest

import (
	"bytes"
	"sync"
)

// logBuffer keeps every log line of an Env, at every level, so that tests
// can check what the product logs (for instance that no personal data is).
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// Logs returns every line the product has logged so far, at any level.
func (e *Env) Logs() string {
	e.logs.mu.Lock()
	defer e.logs.mu.Unlock()
	return e.logs.buf.String()
}
