package server

import (
	"log/slog"
	"net/http"
	"time"
)

// quietPaths are polled by probes and scrapers; their access lines go at
// debug level so they do not drown the rest.
var quietPaths = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

// accessLog writes one line per request and feeds the HTTP metrics. The line
// has the method, the path without query string (see logPath), status, bytes,
// duration and request id: no client IP, headers or bodies, which can be
// personal data or secrets.
func accessLog(logger *slog.Logger, m *Metrics) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			rw := &responseWriter{ResponseWriter: w}
			next.ServeHTTP(rw, r)
			d := time.Since(start)

			status := rw.statusCode()
			m.observe(patternOf(r), r.Method, status, d)
			level := slog.LevelInfo
			if quietPaths[r.URL.Path] {
				level = slog.LevelDebug
			}
			logger.LogAttrs(r.Context(), level, "http request",
				slog.String("method", r.Method),
				slog.String("path", logPath(r)),
				slog.Int("status", status),
				slog.Int64("bytes", rw.bytes),
				slog.Float64("duration_ms", float64(d.Microseconds())/1000),
				slog.String("request_id", RequestID(r.Context())),
			)
		})
	}
}
