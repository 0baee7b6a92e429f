package app_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestEveryPageOffersLogout: each page a logged-in user reaches carries the
// logout button (ASVS 5.0 7.4.4).
func TestEveryPageOffersLogout(t *testing.T) {
	e := newEnv(t)
	b := contactpersoon(e)
	for _, path := range []string{"/employees", "/employees/new", "/relations", "/import", "/retention", "/statistics", "/roles"} {
		status, body := b.get(path)
		if status != http.StatusOK || !strings.Contains(body, `action="/logout"`) {
			t.Errorf("%s: status %d, logout button %v", path, status, strings.Contains(body, `action="/logout"`))
		}
	}
}
