package server

import (
	"errors"
	"net/http"
	"strings"
	"time"
)

// Error is a handler error that knows its response. Status and Code reach the
// client, Public too when the client asked for JSON; Err is detail for the log
// only and never leaves the server.
type Error struct {
	Status int    // HTTP status, 4xx or 5xx
	Code   string // stable message id, e.g. "bad_request"; pages translate it
	Public string // safe text for API clients; empty means a generic text
	Err    error  // detail for the log only
	// RetryAfter, when positive, is sent as the Retry-After header.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	code := e.Code
	if code == "" {
		code = statusCode(e.Status)
	}
	if e.Err == nil {
		return code
	}
	return code + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// BadRequest is a 400: the request is malformed. public is shown to API
// clients and should say what to fix.
func BadRequest(code, public string, err error) *Error {
	return &Error{Status: http.StatusBadRequest, Code: code, Public: public, Err: err}
}

// Forbidden is a 403: the caller may not do this.
func Forbidden(code string, err error) *Error {
	return &Error{Status: http.StatusForbidden, Code: code, Err: err}
}

// NotFound is a 404. Use it as well where saying "forbidden" would reveal
// that something exists.
func NotFound(code string, err error) *Error {
	return &Error{Status: http.StatusNotFound, Code: code, Err: err}
}

// TooManyRequests is a 429 telling the client when to come back.
func TooManyRequests(retryAfter time.Duration) *Error {
	return &Error{Status: http.StatusTooManyRequests, Code: "too_many_requests", RetryAfter: retryAfter}
}

// Unavailable is a 503: a dependency (database, key-value store, SMS
// provider) failed; err says which and why, in the log.
func Unavailable(err error) *Error {
	return &Error{Status: http.StatusServiceUnavailable, Code: "unavailable", Err: err}
}

// responseError returns the *Error in err's chain with its blanks filled in,
// or a 500 "internal" wrapping err when there is none.
func responseError(err error) Error {
	e, ok := errors.AsType[*Error](err)
	if !ok || e == nil {
		return Error{Status: http.StatusInternalServerError, Code: "internal", Err: err}
	}
	out := *e
	if out.Status < 400 || out.Status > 599 {
		out.Status = http.StatusInternalServerError
	}
	if out.Code == "" {
		out.Code = statusCode(out.Status)
	}
	return out
}

// statusCode turns a status into a message id: 404 → "not_found".
func statusCode(status int) string {
	text := http.StatusText(status)
	if text == "" {
		return "error"
	}
	return strings.ToLower(strings.ReplaceAll(text, " ", "_"))
}
