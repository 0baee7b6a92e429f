package server

import "net/http"

// responseWriter records the status and size of a response, for the access
// log and metrics, and so that error mapping knows whether the response has
// started. Unwrap keeps http.ResponseController working through it.
type responseWriter struct {
	http.ResponseWriter
	status int // 0 until the header is written
	bytes  int64
}

func (w *responseWriter) WriteHeader(status int) {
	// 1xx responses (such as 103 Early Hints) do not start the final one.
	if w.status == 0 && status >= 200 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *responseWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Flush keeps the http.Flusher of the writer underneath visible.
func (w *responseWriter) Flush() {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

func (w *responseWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// started reports whether the header has gone out.
func (w *responseWriter) started() bool { return w.status != 0 }

// statusCode is the status sent, or the 200 net/http sends for a handler
// that wrote nothing.
func (w *responseWriter) statusCode() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}
