package web

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// TestBackchannelStoreFailureIsRetriedOnlyWhenTheStoreIsDown: the provider
// retries a 503, so only a store that is down answers one; a bug is a 500,
// and both are logged with the request's detail.
func TestBackchannelStoreFailureIsRetriedOnlyWhenTheStoreIsDown(t *testing.T) {
	refused := storagetest.ConnectionRefused(t)
	cases := []struct {
		name string
		err  error
		want int
		code string
	}{
		{"store down", fmt.Errorf("kv setnx: %w", refused), http.StatusServiceUnavailable, "temporarily_unavailable"},
		{"store marked unavailable", fmt.Errorf("kv: %w", storage.ErrUnavailable), http.StatusServiceUnavailable, "temporarily_unavailable"},
		{"bug", errors.New("sessions: malformed row"), http.StatusInternalServerError, "server_error"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			wb := &Web{d: Deps{Log: slog.New(slog.NewJSONHandler(&logs, nil))}}
			rec := httptest.NewRecorder()
			if err := wb.backchannelStoreError(rec, httptest.NewRequest(http.MethodPost, "/backchannel-logout", nil), tc.err); err != nil {
				t.Fatal(err)
			}
			if rec.Code != tc.want || !strings.Contains(rec.Body.String(), tc.code) {
				t.Errorf("answer = %d %s, want %d %s", rec.Code, rec.Body.String(), tc.want, tc.code)
			}
			if !strings.Contains(logs.String(), tc.err.Error()) {
				t.Errorf("log lacks the error: %s", logs.String())
			}
		})
	}
}
