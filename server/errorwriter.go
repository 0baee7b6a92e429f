package server

import (
	"context"
	"encoding/json"
	"log/slog"
	"math"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// WriteError answers r with err and logs it: the one place where errors
// become responses. Handlers return errors (see [HandlerFunc]); WriteError is
// for code that cannot, such as middleware. The client gets the status and
// message id of the [*Error] in err's chain (500 "internal" when there is
// none) as JSON when it prefers JSON, else as an HTML page; the detail goes
// to the log only.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	ew := errorWriterFrom(r.Context())
	e := responseError(err)
	ew.log(r, e, err, "request failed")
	ew.respond(w, r, e)
}

// errorWriter is the error mapper. The server puts one in every request's
// context so that [Handle], used by packages that never see the Server, maps
// errors with the server's logger and page.
type errorWriter struct {
	logger *slog.Logger
	page   ErrorPage // nil: the built-in page
}

type errorWriterKey struct{}

func withErrorWriter(ctx context.Context, ew *errorWriter) context.Context {
	return context.WithValue(ctx, errorWriterKey{}, ew)
}

// errorWriterFrom returns the request's mapper, or one that logs to the
// default logger when the handler runs outside a Server (as in tests).
func errorWriterFrom(ctx context.Context) *errorWriter {
	if ew, ok := ctx.Value(errorWriterKey{}).(*errorWriter); ok {
		return ew
	}
	return &errorWriter{logger: slog.Default()}
}

// log writes one line: warn for 4xx, error for 5xx. err is the whole chain
// the handler returned, so its wrapping context is kept.
func (ew *errorWriter) log(r *http.Request, e Error, err error, msg string) {
	level := slog.LevelWarn
	if e.Status >= 500 {
		level = slog.LevelError
	}
	ew.logger.LogAttrs(r.Context(), level, msg,
		slog.String("request_id", RequestID(r.Context())),
		slog.String("method", r.Method),
		slog.String("path", logPath(r)),
		slog.Int("status", e.Status),
		slog.String("code", e.Code),
		slog.Any("err", err),
	)
}

// respond writes the error response; it logs nothing.
func (ew *errorWriter) respond(w http.ResponseWriter, r *http.Request, e Error) {
	h := w.Header()
	// Headers the handler set for the response it meant to send would
	// describe this one wrongly.
	for _, k := range []string{"Content-Length", "Content-Encoding", "Content-Disposition", "Etag", "Last-Modified"} {
		h.Del(k)
	}
	h.Set("Cache-Control", "no-store")
	if e.RetryAfter > 0 {
		h.Set("Retry-After", strconv.Itoa(int(math.Ceil(e.RetryAfter.Seconds()))))
	}
	switch {
	case prefersJSON(r):
		public := e.Public
		if public == "" {
			public = messageFor(e.Status).en
		}
		h.Set("Content-Type", "application/json")
		h.Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(e.Status)
		_ = json.NewEncoder(w).Encode(struct {
			Error   string `json:"error"`
			Message string `json:"message"`
		}{e.Code, public})
	case ew.page != nil:
		ew.page(w, r, e.Status, e.Code)
	default:
		writeErrorPage(w, r, e.Status)
	}
}

// prefersJSON reports whether the client should get a JSON error. /api/
// paths always do. Otherwise the Accept header decides when it ranks
// application/json against text/html (a tie goes to the type listed first),
// so a browser sent to /oauth2/auth still gets a page. When it does not,
// OAuth 2.0 endpoints (called by programs that often send no Accept at all)
// get JSON and the rest HTML.
func prefersJSON(r *http.Request) bool {
	p := r.URL.Path
	if strings.HasPrefix(p, "/api/") {
		return true
	}
	if wantJSON, decided := acceptRanksJSON(r.Header.Values("Accept")); decided {
		return wantJSON
	}
	return strings.HasPrefix(p, "/oauth2/")
}

// acceptRanksJSON compares application/json with text/html in Accept
// headers; decided is false when neither is listed with a positive q.
func acceptRanksJSON(accept []string) (wantJSON, decided bool) {
	type rank struct {
		q   float64
		pos int
	}
	var js, html rank // q 0: not acceptable or not listed
	pos := 0
	for _, value := range accept {
		for _, item := range strings.Split(value, ",") {
			mt, params, err := mime.ParseMediaType(item)
			if err != nil {
				continue
			}
			pos++
			q := 1.0
			if s, ok := params["q"]; ok {
				if q, err = strconv.ParseFloat(s, 64); err != nil {
					continue
				}
			}
			switch {
			case mt == "application/json" && js.pos == 0:
				js = rank{q, pos}
			case mt == "text/html" && html.pos == 0:
				html = rank{q, pos}
			}
		}
	}
	switch {
	case js.q <= 0 && html.q <= 0:
		return false, false
	case js.q != html.q:
		return js.q > html.q, true
	}
	return js.pos < html.pos, true
}
