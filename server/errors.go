package server

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
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

// Unavailable answers for a dependency call (database, key-value store,
// identity provider, SMS provider) that failed; err says which and why, in
// the log. The status is what err is, decided by [Classify]: 503 only when
// the dependency is down, 404 when err is a not-found nobody handled, 500
// for anything else. A load balancer retries a 503 on another instance, so a
// bug must never answer one.
func Unavailable(err error) *Error {
	status := Classify(err)
	return &Error{Status: status, Code: classCode(status), Err: err}
}

// Classify returns the status an error without an [*Error] in its chain
// answers: 503 when [storage.IsUnavailable] says a dependency is down (it
// passes; a retry may succeed), 404 when [storage.IsNotFound], else 500 (a
// bug: the request id on the page and in the log finds it).
func Classify(err error) int {
	switch {
	case storage.IsUnavailable(err):
		return http.StatusServiceUnavailable
	case storage.IsNotFound(err):
		return http.StatusNotFound
	}
	return http.StatusInternalServerError
}

// classCode is the message id of a class.
func classCode(status int) string {
	switch status {
	case http.StatusServiceUnavailable:
		return "unavailable"
	case http.StatusNotFound:
		return "not_found"
	}
	return "internal"
}

// responseError returns the *Error in err's chain with its blanks filled in,
// or, when there is none, err's class from [Classify].
func responseError(err error) Error {
	e, ok := errors.AsType[*Error](err)
	if !ok || e == nil {
		status := Classify(err)
		return Error{Status: status, Code: classCode(status), Err: err}
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
