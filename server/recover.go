package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
)

// recoverPanics is the outermost layer. It puts the error mapper and an empty
// route in the request context for the layers inside, and turns a panic into
// a 500 through the mapper, logged once with its stack. When the response had
// already started it aborts the connection instead, so the client cannot take
// a truncated response for a whole one.
func recoverPanics(ew *errorWriter, m *Metrics) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r = r.WithContext(withErrorWriter(r.Context(), ew))
			r, _ = withRoute(r)
			rw := &responseWriter{ResponseWriter: w}
			defer func() {
				v := recover()
				if v == nil {
					return
				}
				if v == http.ErrAbortHandler {
					panic(v)
				}
				m.panicked()
				// The request id layer runs inside this one; it has set the
				// id on the response header.
				ctx := context.WithValue(r.Context(), requestIDKey{}, w.Header().Get(RequestIDHeader))
				r = r.WithContext(ctx)
				e := Error{Status: http.StatusInternalServerError, Code: "internal", Err: fmt.Errorf("panic: %v", v)}
				ew.logger.LogAttrs(ctx, slog.LevelError, "panic serving request",
					slog.String("request_id", RequestID(ctx)),
					slog.String("method", r.Method),
					slog.String("path", logPath(r)),
					slog.Int("status", e.Status),
					slog.String("code", e.Code),
					slog.Any("err", e.Err),
					slog.String("stack", string(debug.Stack())),
				)
				if rw.started() {
					panic(http.ErrAbortHandler)
				}
				ew.respond(rw, r, e)
			}()
			next.ServeHTTP(rw, r)
		})
	}
}
