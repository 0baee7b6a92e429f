package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// TestErrorClassesDecideTheStatus maps each class of error a handler hands
// to Unavailable (or returns bare) to its status: 503 only for a dependency
// that is down, so a load balancer never retries a bug; 404 for a not-found
// nobody handled; 500 with the request id on the page and in the log for
// everything else.
func TestErrorClassesDecideTheStatus(t *testing.T) {
	refused := storagetest.ConnectionRefused(t)
	var decode struct{ N int }
	badJSON := json.Unmarshal([]byte(`{"N":"x"}`), &decode)

	cases := []struct {
		name       string
		err        error
		wantStatus int
		wantCode   string
	}{
		{"connection refused", Unavailable(fmt.Errorf("load flow: %w", refused)), 503, "unavailable"},
		{"bare connection refused", fmt.Errorf("load flow: %w", refused), 503, "unavailable"},
		{"store marked unavailable", Unavailable(fmt.Errorf("kv: %w", storage.ErrUnavailable)), 503, "unavailable"},
		{"not found", Unavailable(fmt.Errorf("load: %w", storage.ErrNotFound)), 404, "not_found"},
		{"domain not found", Unavailable(storage.NewNotFound("account: not found")), 404, "not_found"},
		{"bad JSON is a bug", Unavailable(fmt.Errorf("decode flow: %w", badJSON)), 500, "internal"},
		{"plain error is a bug", Unavailable(errors.New("login: no second-factor step configured")), 500, "internal"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, logs := newTestServer(t, nil)
			s.Mux().Handle("GET /page", Handle(func(http.ResponseWriter, *http.Request) error { return tc.err }))
			rec := serve(s, httptest.NewRequest(http.MethodGet, "/page", nil))
			if rec.Code != tc.wantStatus {
				t.Fatalf("status = %d, want %d", rec.Code, tc.wantStatus)
			}
			id := rec.Header().Get(RequestIDHeader)
			if id == "" || !strings.Contains(rec.Body.String(), id) {
				t.Errorf("page lacks the request id %q: %s", id, rec.Body.String())
			}
			line := logs.one(t, "request failed")
			if line["request_id"] != id || line["code"] != tc.wantCode || line["status"] != float64(tc.wantStatus) {
				t.Errorf("log = %v, want request_id %q code %q", line, id, tc.wantCode)
			}
			if e, _ := line["err"].(string); !strings.Contains(e, tc.err.Error()) {
				t.Errorf("log err = %q, want the detail %q", e, tc.err)
			}
		})
	}
}
