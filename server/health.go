package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// Check is one dependency /readyz pings, such as the database or the
// key-value store. Name appears in the response body; the error only in the
// log.
type Check struct {
	Name string
	Ping func(ctx context.Context) error
}

// checkTimeout bounds each readiness check.
const checkTimeout = 2 * time.Second

// healthz answers 200 while the process serves HTTP at all.
func healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

type readiness struct {
	Status string            `json:"status"`
	Checks map[string]string `json:"checks"`
}

// readyz runs every check at once, each within timeout, and answers 200 when
// all pass, else 503 naming the parts that failed. A check that ignores its
// context is abandoned at the timeout, not waited for.
func readyz(logger *slog.Logger, checks []Check, timeout time.Duration) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		type result struct {
			name string
			err  error
		}
		results := make(chan result, len(checks))
		for _, c := range checks {
			go func() {
				ctx, cancel := context.WithTimeout(r.Context(), timeout)
				defer cancel()
				done := make(chan error, 1)
				go func() {
					// A panic here would end the process, not just this request.
					defer func() {
						if v := recover(); v != nil {
							done <- fmt.Errorf("check panicked: %v", v)
						}
					}()
					done <- c.Ping(ctx)
				}()
				select {
				case err := <-done:
					results <- result{c.Name, err}
				case <-ctx.Done():
					results <- result{c.Name, ctx.Err()}
				}
			}()
		}
		body := readiness{Status: "ok", Checks: make(map[string]string, len(checks))}
		for range checks {
			res := <-results
			if res.err == nil {
				body.Checks[res.name] = "ok"
				continue
			}
			body.Status, body.Checks[res.name] = "unavailable", "unavailable"
			logger.LogAttrs(r.Context(), slog.LevelWarn, "readiness check failed",
				slog.String("request_id", RequestID(r.Context())),
				slog.String("check", res.name),
				slog.Bool("timeout", errors.Is(res.err, context.DeadlineExceeded)),
				slog.Any("err", res.err),
			)
		}
		status := http.StatusOK
		if body.Status != "ok" {
			status = http.StatusServiceUnavailable
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(body)
	}
}
