package server

import "net/http"

// HandlerFunc is an HTTP handler that returns its failure instead of writing
// it. A nil error means the handler wrote the response. Any other error is
// answered by [WriteError]; return an [*Error] to choose status and message
// id, anything else becomes a 500.
type HandlerFunc func(http.ResponseWriter, *http.Request) error

// Handle turns h into an http.Handler.
func Handle(h HandlerFunc) http.Handler { return h }

// ServeHTTP runs h and maps its error. When h already started the response
// the status can no longer change, so the error is only logged.
func (h HandlerFunc) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rw := &responseWriter{ResponseWriter: w}
	err := h(rw, r)
	if err == nil {
		return
	}
	ew := errorWriterFrom(r.Context())
	e := responseError(err)
	if rw.started() {
		ew.log(r, e, err, "handler failed after the response started")
		return
	}
	ew.log(r, e, err, "request failed")
	ew.respond(rw, r, e)
}
