package templates

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// serveLang runs LanguageMiddleware and reports the language the handler saw.
func serveLang(method, target string, hdr http.Header) (*httptest.ResponseRecorder, string) {
	var seen string
	h := LanguageMiddleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = Lang(r.Context())
	}))
	req := httptest.NewRequest(method, target, nil)
	for k, v := range hdr {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec, seen
}

func TestLanguageParamSetsCookieAndRedirects(t *testing.T) {
	for _, tc := range []struct {
		target, location, cookie string
	}{
		{"/login?lang=en", "/login", "en"},
		{"/login?flow=a%2Fb&lang=nl&x=1", "/login?flow=a%2Fb&x=1", "nl"},
		{"/login?lang=de&flow=1", "/login?flow=1", ""},      // unknown: dropped, no cookie
		{"//evil.example/?lang=en", "/evil.example/", "en"}, // never off-site
		{`/\evil.example?lang=en`, "/%5Cevil.example", "en"},
	} {
		rec, _ := serveLang(http.MethodGet, tc.target, nil)
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != tc.location {
			t.Errorf("%s: %d Location %q, want 303 %q", tc.target, rec.Code, rec.Header().Get("Location"), tc.location)
		}
		cookies := rec.Result().Cookies()
		if tc.cookie == "" {
			if len(cookies) != 0 {
				t.Errorf("%s: unexpected cookie %v", tc.target, cookies)
			}
			continue
		}
		if len(cookies) != 1 {
			t.Fatalf("%s: cookies %v", tc.target, cookies)
		}
		c := cookies[0]
		if c.Name != "lang" || c.Value != tc.cookie || c.SameSite != http.SameSiteLaxMode || c.MaxAge != 365*24*60*60 || c.Path != "/" {
			t.Errorf("%s: cookie %+v", tc.target, c)
		}
	}
}

func TestLanguageParamIgnoredOnPost(t *testing.T) {
	rec, seen := serveLang(http.MethodPost, "/login?lang=en", nil)
	if rec.Code != http.StatusOK || len(rec.Result().Cookies()) != 0 || seen != "nl" {
		t.Errorf("POST ?lang=en: code %d, cookies %v, lang %q", rec.Code, rec.Result().Cookies(), seen)
	}
}

func TestLanguageDetection(t *testing.T) {
	for _, tc := range []struct {
		name string
		hdr  http.Header
		want string
	}{
		{"default", nil, "nl"},
		{"accept english", http.Header{"Accept-Language": {"en-GB,en;q=0.9"}}, "en"},
		{"accept weighted", http.Header{"Accept-Language": {"de-DE, en;q=0.5, nl;q=0.8"}}, "nl"},
		{"accept unsupported", http.Header{"Accept-Language": {"fr-FR,de;q=0.9"}}, "nl"},
		{"accept refused", http.Header{"Accept-Language": {"en;q=0"}}, "nl"},
		{"cookie beats header", http.Header{"Cookie": {"lang=nl"}, "Accept-Language": {"en"}}, "nl"},
		{"cookie english", http.Header{"Cookie": {"lang=en"}}, "en"},
		{"bad cookie ignored", http.Header{"Cookie": {"lang=xx"}, "Accept-Language": {"en"}}, "en"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, seen := serveLang(http.MethodGet, "/", tc.hdr); seen != tc.want {
				t.Errorf("lang = %q, want %q", seen, tc.want)
			}
		})
	}
}

func TestLangWithoutMiddlewareIsDutch(t *testing.T) {
	if got := Lang(t.Context()); got != "nl" {
		t.Errorf("Lang = %q", got)
	}
}
