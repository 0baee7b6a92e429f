package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

const secretDetail = "pq: password authentication failed for user mijnaccount"

func TestHandlerErrorsBecomeJSONOrHTMLWithoutDetail(t *testing.T) {
	cases := []struct {
		name       string
		path       string
		accept     string
		err        error
		wantStatus int
		wantCode   string
		wantJSON   bool
		wantText   string // in the body: public text (JSON) or page text (HTML)
		wantLevel  string
	}{
		{"bad request to an API path is JSON with the public text", "/api/users", "",
			BadRequest("email_required", "Fill in an email address.", errors.New(secretDetail)),
			400, "email_required", true, "Fill in an email address.", "WARN"},
		{"OAuth 2.0 path is JSON for programs", "/oauth2/clients", "*/*",
			Forbidden("client_forbidden", errors.New(secretDetail)),
			403, "client_forbidden", true, "You do not have access to this.", "WARN"},
		{"browser sent to an OAuth 2.0 page gets a page", "/oauth2/auth", "text/html,application/xhtml+xml,*/*;q=0.8",
			Unavailable(fmt.Errorf("%s: %w", secretDetail, storage.ErrUnavailable)),
			503, "unavailable", false, "De dienst is tijdelijk niet beschikbaar.", "ERROR"},
		{"page path asking for JSON gets JSON", "/portal/sessions", "application/json",
			NotFound("session_not_found", errors.New(secretDetail)),
			404, "session_not_found", true, "This page does not exist.", "WARN"},
		{"browser gets a Dutch and English page", "/portal/users", "text/html,application/xhtml+xml,*/*;q=0.8",
			Forbidden("not_org_admin", errors.New(secretDetail)),
			403, "not_org_admin", false, "U heeft hier geen toegang toe.", "WARN"},
		{"HTML page never shows the public text", "/login", "",
			BadRequest("email_required", "public text for API clients", errors.New(secretDetail)),
			400, "email_required", false, "We cannot process this request.", "WARN"},
		{"plain error is a 500 internal", "/api/plain", "",
			errors.New(secretDetail),
			500, "internal", true, "Something went wrong on our side.", "ERROR"},
		{"wrapped Error keeps its status", "/api/wrapped", "",
			fmt.Errorf("loading session: %w", NotFound("session_not_found", errors.New(secretDetail))),
			404, "session_not_found", true, "This page does not exist.", "WARN"},
		{"unavailable dependency is a 503 page", "/login/password", "",
			Unavailable(fmt.Errorf("%s: %w", secretDetail, storage.ErrUnavailable)),
			503, "unavailable", false, "De dienst is tijdelijk niet beschikbaar.", "ERROR"},
		{"error without code gets one from its status", "/api/nocode", "",
			&Error{Status: http.StatusConflict, Err: errors.New(secretDetail)},
			409, "conflict", true, "We cannot process this request.", "WARN"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, logs := newTestServer(t, nil)
			s.Mux().Handle("GET "+tc.path, Handle(func(http.ResponseWriter, *http.Request) error { return tc.err }))
			req := httptest.NewRequest(http.MethodGet, tc.path, nil)
			if tc.accept != "" {
				req.Header.Set("Accept", tc.accept)
			}
			rec := serve(s, req)

			if rec.Code != tc.wantStatus {
				t.Fatalf("status = %d, want %d", rec.Code, tc.wantStatus)
			}
			got := rec.Body.String()
			if strings.Contains(got, "password authentication") {
				t.Errorf("body leaks the error detail: %s", got)
			}
			if !strings.Contains(got, tc.wantText) {
				t.Errorf("body lacks %q: %s", tc.wantText, got)
			}
			if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control = %q", cc)
			}
			if tc.wantJSON {
				var v map[string]string
				if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
					t.Fatalf("body is not JSON: %v: %s", err, got)
				}
				if v["error"] != tc.wantCode || v["message"] != tc.wantText || len(v) != 2 {
					t.Errorf("JSON = %v, want error %q message %q", v, tc.wantCode, tc.wantText)
				}
			} else {
				if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
					t.Errorf("Content-Type = %q", ct)
				}
				if strings.Contains(got, "public text") {
					t.Error("page shows the public text meant for API clients")
				}
				if !strings.Contains(got, rec.Header().Get(RequestIDHeader)) {
					t.Error("page does not show the request id as reference")
				}
			}

			line := logs.one(t, "request failed")
			for k, want := range map[string]any{
				"level": tc.wantLevel, "status": float64(tc.wantStatus), "code": tc.wantCode,
				"method": "GET", "path": tc.path, "request_id": rec.Header().Get(RequestIDHeader),
			} {
				if line[k] != want {
					t.Errorf("log %s = %v, want %v", k, line[k], want)
				}
			}
			if e, _ := line["err"].(string); !strings.Contains(e, secretDetail) {
				t.Errorf("log err = %q, want the detail", e)
			}
		})
	}
}

func TestTooManyRequestsSaysWhenToRetry(t *testing.T) {
	s, _ := newTestServer(t, nil)
	s.Mux().Handle("POST /api/reset", Handle(func(http.ResponseWriter, *http.Request) error {
		return TooManyRequests(89500 * time.Millisecond)
	}))
	rec := serve(s, httptest.NewRequest(http.MethodPost, "/api/reset", nil))
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "90" {
		t.Fatalf("status %d, Retry-After %q; want 429 and 90", rec.Code, rec.Header().Get("Retry-After"))
	}
}

func TestErrorPageRendersBrowserErrors(t *testing.T) {
	type call struct {
		status int
		code   string
	}
	var calls []call
	s, _ := newTestServer(t, func(o *Options) {
		o.ErrorPage = func(w http.ResponseWriter, _ *http.Request, status int, code string) {
			calls = append(calls, call{status, code})
			w.WriteHeader(status)
			_, _ = w.Write([]byte("site layout"))
		}
	})
	s.Mux().Handle("GET /portal", Handle(func(http.ResponseWriter, *http.Request) error {
		return Forbidden("not_org_admin", nil)
	}))
	s.Mux().Handle("GET /api/portal", Handle(func(http.ResponseWriter, *http.Request) error {
		return Forbidden("not_org_admin", nil)
	}))

	if rec := get(s, "/portal"); rec.Code != 403 || rec.Body.String() != "site layout" {
		t.Errorf("page: %d %q", rec.Code, rec.Body.String())
	}
	if rec := get(s, "/api/portal"); !strings.Contains(rec.Body.String(), `"error":"not_org_admin"`) {
		t.Errorf("API clients must still get JSON: %q", rec.Body.String())
	}
	if len(calls) != 1 || calls[0] != (call{403, "not_org_admin"}) {
		t.Errorf("ErrorPage calls = %v", calls)
	}
}

func TestErrorAfterResponseStartedIsOnlyLogged(t *testing.T) {
	s, logs := newTestServer(t, nil)
	s.Mux().Handle("GET /export", Handle(func(w http.ResponseWriter, _ *http.Request) error {
		_, _ = w.Write([]byte("partial"))
		return errors.New(secretDetail)
	}))
	rec := get(s, "/export")
	if rec.Code != 200 || rec.Body.String() != "partial" {
		t.Fatalf("got %d %q, want the started response untouched", rec.Code, rec.Body.String())
	}
	if line := logs.one(t, "handler failed after the response started"); line["level"] != "ERROR" {
		t.Errorf("level = %v", line["level"])
	}
}

func TestUnknownRouteIsMappedNotFound(t *testing.T) {
	s, _ := newTestServer(t, nil)
	req := httptest.NewRequest(http.MethodGet, "/nope", nil)
	req.Header.Set("Accept", "application/json")
	rec := serve(s, req)
	if rec.Code != 404 || !strings.Contains(rec.Body.String(), `"error":"not_found"`) {
		t.Fatalf("got %d %s", rec.Code, rec.Body.String())
	}
}

func TestHandleWorksOutsideAServer(t *testing.T) {
	rec := httptest.NewRecorder()
	Handle(func(http.ResponseWriter, *http.Request) error {
		return NotFound("gone", errors.New(secretDetail))
	}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/x", nil))
	if rec.Code != 404 || strings.Contains(rec.Body.String(), "password") {
		t.Fatalf("got %d %q", rec.Code, rec.Body.String())
	}
}

func TestPrefersJSON(t *testing.T) {
	cases := []struct {
		path, accept string
		want         bool
	}{
		{"/login", "", false},
		{"/login", "*/*", false},
		{"/login", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", false},
		{"/login", "application/json", true},
		{"/login", "application/json, text/plain, */*", true},
		{"/login", "text/html;q=0.5, application/json", true},
		{"/login", "application/json;q=0.5, text/html", false},
		{"/login", "text/html, application/json", false},
		{"/login", "application/json;q=0", false},
		{"/login", "text/html;q=0, application/json;q=0.1", true},
		{"/api/users", "text/html", true},
		{"/oauth2/token", "", true},
		{"/oauth2/token", "*/*", true},
		{"/oauth2/auth", "text/html,*/*;q=0.8", false},
		{"/oauth2/introspect", "application/json", true},
		{"/apiary", "", false},
	}
	for _, tc := range cases {
		req := httptest.NewRequest(http.MethodGet, tc.path, nil)
		if tc.accept != "" {
			req.Header.Set("Accept", tc.accept)
		}
		if got := prefersJSON(req); got != tc.want {
			t.Errorf("prefersJSON(%s, Accept %q) = %v, want %v", tc.path, tc.accept, got, tc.want)
		}
	}
}
