package server

import (
	"fmt"
	"io"
	"log/slog"

	"github.com/mijnaccount/mijnaccount/config"
)

// NewLogger returns the process logger writing to w: JSON lines for
// production ("json"), key=value text for a terminal ("text"), at the
// configured level.
func NewLogger(cfg config.Log, w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.Level)); err != nil {
		return nil, fmt.Errorf("log.level: must be debug, info, warn or error, not %q", cfg.Level)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch cfg.Format {
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("log.format: must be text or json, not %q", cfg.Format)
}
