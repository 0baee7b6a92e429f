package login

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var (
	inputTag  = regexp.MustCompile(`(?s)<input\b[^>]*>`)
	attribute = regexp.MustCompile(`([a-z-]+)="([^"]*)"`)
)

// TestPasswordFieldsAreMaskedAndWelcomeManagers reads every page of the
// account packages (login, invitation, portal) and checks each password
// input: masked (type=password, ASVS 5.0 6.2.6), open to paste and to
// password managers (an autocomplete hint, no autocomplete=off, no paste or
// copy handlers: 6.2.7), and long enough for a 64-character password (6.2.9).
func TestPasswordFieldsAreMaskedAndWelcomeManagers(t *testing.T) {
	pages, err := filepath.Glob(filepath.Join("..", "*", "pages", "*.html"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no pages found: %v", err)
	}
	found := 0
	for _, page := range pages {
		raw, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, tag := range inputTag.FindAllString(string(raw), -1) {
			attrs := map[string]string{}
			for _, m := range attribute.FindAllStringSubmatch(tag, -1) {
				attrs[m[1]] = m[2]
			}
			if !strings.Contains(attrs["name"], "password") || attrs["type"] == "hidden" {
				continue
			}
			found++
			if attrs["type"] != "password" {
				t.Errorf("%s: %s is not type=password", page, tag)
			}
			if ac := attrs["autocomplete"]; ac != "current-password" && ac != "new-password" {
				t.Errorf("%s: %s has autocomplete %q, want current-password or new-password", page, tag, ac)
			}
			for _, handler := range []string{"onpaste", "oncopy", "ondrop"} {
				if strings.Contains(tag, handler) {
					t.Errorf("%s: %s blocks paste with %s", page, tag, handler)
				}
			}
			if ml, ok := attrs["maxlength"]; ok {
				if n, err := strconv.Atoi(ml); err != nil || n < 64 {
					t.Errorf("%s: %s allows fewer than 64 characters", page, tag)
				}
			}
		}
	}
	if found < 4 {
		t.Fatalf("found %d password fields; the pages moved?", found)
	}
}
