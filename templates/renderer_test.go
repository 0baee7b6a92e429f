package templates

import (
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func newRenderer(t *testing.T, extra ...fstest.MapFS) *Renderer {
	t.Helper()
	opts := Options{RequestID: func(context.Context) string { return "req-42" }}
	for _, fs := range extra {
		opts.Extra = append(opts.Extra, fs)
	}
	rd, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return rd
}

// render runs Render for a GET of target with the given headers.
func render(t *testing.T, rd *Renderer, target string, hdr http.Header, status int, page string, data any) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for k, v := range hdr {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	if err := rd.Render(rec, req, status, page, data); err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestRenderMessagePageInBothLanguages(t *testing.T) {
	rd := newRenderer(t)
	data := MessageData{Title: "logout.title", Body: "logout.done", Link: "/login", LinkText: "login.title"}
	for _, tc := range []struct {
		lang, title, body, link string
	}{
		{"nl", "<title>Uitgelogd · Mijn Account</title>", "U bent uitgelogd.", ">Inloggen</a>"},
		{"en", "<title>Logged out · Mijn Account</title>", "You have been logged out.", ">Log in</a>"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			rec := render(t, rd, "/logout?flow=abc&lang=x", http.Header{"Cookie": {"lang=" + tc.lang}}, http.StatusOK, "message", data)
			body := rec.Body.String()
			for _, want := range []string{`<html lang="` + tc.lang + `">`, tc.title, tc.body, tc.link, `href="/login"`} {
				if !strings.Contains(body, want) {
					t.Errorf("body lacks %q:\n%s", want, body)
				}
			}
			if got := rec.Header().Get("Content-Type"); got != "text/html; charset=utf-8" {
				t.Errorf("Content-Type = %q", got)
			}
			if got := rec.Header().Get("Content-Language"); got != tc.lang {
				t.Errorf("Content-Language = %q", got)
			}
			if got := rec.Header().Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control = %q", got)
			}
			// The switch to the other language keeps the query but not the old lang.
			other := map[string]string{"nl": "en", "en": "nl"}[tc.lang]
			if want := `href="/logout?flow=abc&amp;lang=` + other + `"`; !strings.Contains(body, want) {
				t.Errorf("language switch: body lacks %s", want)
			}
		})
	}
}

func TestRenderEscapesData(t *testing.T) {
	rd := newRenderer(t, fstest.MapFS{"pages/echo.html": {Data: []byte(
		`{{define "title"}}{{.Data}}{{end}}{{define "content"}}<p>{{.Data}}</p><a href="{{.Data}}">x</a>{{end}}`)}})
	xss := `<script>alert("x")</script>`
	body := render(t, rd, "/", nil, http.StatusOK, "echo", xss).Body.String()
	if strings.Contains(body, "<script>") {
		t.Fatalf("unescaped data in page:\n%s", body)
	}
	if !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
		t.Errorf("escaped text missing:\n%s", body)
	}
}

func TestRenderErrorPage(t *testing.T) {
	rd := newRenderer(t)
	for _, tc := range []struct {
		status int
		want   string
	}{
		{http.StatusNotFound, "Pagina niet gevonden"},
		{http.StatusTooManyRequests, "Probeer het over enkele minuten opnieuw."},
		{http.StatusServiceUnavailable, "Tijdelijk niet beschikbaar"},
		{http.StatusTeapot, "Ongeldig verzoek"},                 // unknown 4xx → 400
		{http.StatusBadGateway, "Er is aan onze kant een fout"}, // unknown 5xx → 500
	} {
		req := httptest.NewRequest(http.MethodGet, "/x", nil)
		rec := httptest.NewRecorder()
		if err := rd.Error(rec, req, tc.status); err != nil {
			t.Fatal(err)
		}
		body := rec.Body.String()
		if rec.Code != tc.status || !strings.Contains(body, tc.want) || !strings.Contains(body, "Vermeld dan code req-42.") {
			t.Errorf("%d: code %d, body:\n%s", tc.status, rec.Code, body)
		}
	}
}

func TestRenderFailureWritesNothing(t *testing.T) {
	rd := newRenderer(t, fstest.MapFS{"broken.html": {Data: []byte(
		`{{define "title"}}x{{end}}{{define "content"}}<p>start</p>{{.Data.Nope}}{{end}}`)}})
	rec := httptest.NewRecorder()
	err := rd.Render(rec, httptest.NewRequest(http.MethodGet, "/", nil), http.StatusOK, "broken", struct{}{})
	if err == nil {
		t.Fatal("want an error for a failing template")
	}
	if rec.Body.Len() != 0 || rec.Header().Get("Content-Type") != "" {
		t.Errorf("half a page was written: %q", rec.Body.String())
	}
	if err := rd.Render(rec, httptest.NewRequest(http.MethodGet, "/", nil), http.StatusOK, "nope", nil); err == nil {
		t.Error("want an error for an unknown page")
	}
}

func TestRenderView(t *testing.T) {
	rd := newRenderer(t, fstest.MapFS{"view.html": {Data: []byte(
		`{{define "title"}}v{{end}}{{define "content"}}[{{.Lang}}|{{.Path}}|{{.RequestID}}|{{.Data.N}}]{{end}}`)}})
	body := render(t, rd, "/account/sessions?x=1", http.Header{"Accept-Language": {"en-GB,en;q=0.9"}}, http.StatusOK, "view", map[string]int{"N": 7}).Body.String()
	if !strings.Contains(body, "[en|/account/sessions|req-42|7]") {
		t.Errorf("view fields wrong:\n%s", body)
	}
}

func TestFlashShownOnceAndOnlyKnownIDs(t *testing.T) {
	rd := newRenderer(t)
	data := MessageData{Title: "logout.title", Body: "logout.done"}

	set := httptest.NewRecorder()
	SetFlash(set, httptest.NewRequest(http.MethodPost, "/", nil), "portal.notice.password_changed")
	cookies := set.Result().Cookies()
	if len(cookies) != 1 || cookies[0].Name != "flash" || !cookies[0].HttpOnly {
		t.Fatalf("flash cookie = %+v", cookies)
	}

	rec := render(t, rd, "/", http.Header{"Cookie": {"flash=portal.notice.password_changed"}}, http.StatusOK, "message", data)
	if !strings.Contains(rec.Body.String(), "Uw wachtwoord is gewijzigd.") {
		t.Errorf("flash not shown:\n%s", rec.Body.String())
	}
	if c := rec.Result().Cookies(); len(c) != 1 || c[0].Name != "flash" || c[0].MaxAge >= 0 {
		t.Errorf("flash cookie not cleared: %+v", c)
	}

	rec = render(t, rd, "/", http.Header{"Cookie": {"flash=no.such.message"}}, http.StatusOK, "message", data)
	if strings.Contains(rec.Body.String(), "no.such.message") {
		t.Error("unknown flash id was shown")
	}
}

func TestNewReportsTemplateProblems(t *testing.T) {
	for name, tc := range map[string]struct {
		fs   fstest.MapFS
		want string
	}{
		"parse error":            {fstest.MapFS{"pages/bad.html": {Data: []byte(`{{define "title"}}x{{end}}{{define "content"}}{{if}}{{end}}`)}}, "pages/bad.html"},
		"unknown func":           {fstest.MapFS{"pages/bad.html": {Data: []byte(`{{define "title"}}x{{end}}{{define "content"}}{{nope}}{{end}}`)}}, `"nope" not defined`},
		"no title":               {fstest.MapFS{"pages/bad.html": {Data: []byte(`{{define "content"}}x{{end}}`)}}, `must define "title"`},
		"duplicate page":         {fstest.MapFS{"error.html": {Data: []byte(`{{define "title"}}x{{end}}{{define "content"}}x{{end}}`)}}, `page "error" already defined`},
		"duplicate partial":      {fstest.MapFS{"p.html": {Data: []byte(`{{define "field"}}x{{end}}`)}}, `template "field" already defined`},
		"page overrides partial": {fstest.MapFS{"x.html": {Data: []byte(`{{define "title"}}x{{end}}{{define "content"}}x{{end}}{{define "notice"}}x{{end}}`)}}, `template "notice" already defined`},
		"missing partial":        {fstest.MapFS{"x.html": {Data: []byte(`{{define "title"}}x{{end}}{{define "content"}}{{template "nowhere" .}}{{end}}`)}}, `nowhere`},
		"bad catalogue":          {fstest.MapFS{"i18n/nl.json": {Data: []byte(`{"login.title": "dubbel"}`)}}, `"login.title" already defined`},
		"duplicate key":          {fstest.MapFS{"i18n/en.json": {Data: []byte(`{"x.a": "1", "x.a": "2"}`)}}, `"x.a" already defined`},
		"unknown lang":           {fstest.MapFS{"i18n/de.json": {Data: []byte(`{}`)}}, `unsupported language "de"`},
		"unknown part lang":      {fstest.MapFS{"i18n/import.de.json": {Data: []byte(`{}`)}}, `unsupported language "de"`},
		"duplicate across parts": {fstest.MapFS{"i18n/nl.json": {Data: []byte(`{"x.a": "1"}`)}, "i18n/import.nl.json": {Data: []byte(`{"x.a": "2"}`)}}, `"x.a" already defined`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := New(Options{Extra: []fs.FS{tc.fs}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("New error = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestExtraPagesReuseLayoutPartialsAndCatalogue(t *testing.T) {
	rd := newRenderer(t, fstest.MapFS{
		"pages/hello.html": {Data: []byte(`{{define "title"}}{{t "hello.title"}}{{end}}{{define "content"}}` +
			`{{template "field" dict "Name" "email" "Type" "email" "Label" "form.email" "Autocomplete" "username" "Required" true "Error" "form.email_invalid"}}{{end}}`)},
		"i18n/nl.json": {Data: []byte(`{"hello.title": "Hallo"}`)},
		"i18n/en.json": {Data: []byte(`{"hello.title": "Hello"}`)},
	})
	body := render(t, rd, "/", nil, http.StatusOK, "hello", nil).Body.String()
	for _, want := range []string{
		"<title>Hallo · Mijn Account</title>",
		`<label for="email">E-mailadres</label>`,
		`autocomplete="username"`,
		`aria-invalid="true" aria-describedby="email-error"`,
		`id="email-error"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	if missing, err := rd.Catalog().Missing(fstest.MapFS{"a.html": {Data: []byte(`{{t "hello.title"}}`)}}); err != nil || len(missing) != 0 {
		t.Errorf("Missing = %v, %v", missing, err)
	}
}

func TestPartCataloguesAndProductName(t *testing.T) {
	pages := fstest.MapFS{
		"pages/hello.html":      {Data: []byte(`{{define "title"}}{{t "hello.title"}}{{end}}{{define "content"}}{{t "hello.body"}}{{end}}`)},
		"i18n/nl.json":          {Data: []byte(`{"hello.title": "Hallo", "verzuim.name": "Verzuim"}`)},
		"i18n/en.json":          {Data: []byte(`{"hello.title": "Hello", "verzuim.name": "Absence"}`)},
		"i18n/greeting.nl.json": {Data: []byte(`{"hello.body": "Goedendag"}`)},
		"i18n/greeting.en.json": {Data: []byte(`{"hello.body": "Good day"}`)},
	}
	rd, err := New(Options{Extra: []fs.FS{pages}, NameID: "verzuim.name"})
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string][]string{
		"nl": {"<title>Hallo · Verzuim</title>", `class="brand" href="/">Verzuim</a>`, "Goedendag"},
		"en": {"<title>Hello · Absence</title>", `class="brand" href="/">Absence</a>`, "Good day"},
	} {
		body := render(t, rd, "/", http.Header{"Cookie": {"lang=" + lang}}, http.StatusOK, "hello", nil).Body.String()
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: body lacks %q:\n%s", lang, w, body)
			}
		}
		if strings.Contains(body, "Mijn Account") {
			t.Errorf("%s: body still names Mijn Account", lang)
		}
	}
}

func TestRenderConcurrently(t *testing.T) {
	rd := newRenderer(t)
	done := make(chan error)
	for i := range 16 {
		go func() {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.Header.Set("Cookie", "lang="+Languages[i%len(Languages)])
			done <- rd.Error(httptest.NewRecorder(), req, http.StatusNotFound)
		}()
	}
	for range 16 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
