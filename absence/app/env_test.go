package app_test

import (
	"context"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/app"
	"github.com/mijnaccount/mijnaccount/absence/config"
	"github.com/mijnaccount/mijnaccount/absence/oidclogin/oidctest"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// env is a running application with a test provider in front of it.
type env struct {
	t   *testing.T
	iss *oidctest.Issuer
	app *app.App
	url string
}

// newEnv starts the application on SQLite and the memory store; extra
// settings (ABSENCE_*) override the test defaults.
func newEnv(t *testing.T, extra ...map[string]string) *env {
	t.Helper()
	return startEnv(t, app.Options{}, extra...)
}

// startEnv starts the application with opts behind a test provider.
func startEnv(t *testing.T, opts app.Options, extra ...map[string]string) *env {
	t.Helper()
	iss := oidctest.New(t, "absence-test", "test-secret")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	dir := t.TempDir()
	vars := map[string]string{
		"ABSENCE_ISSUER": iss.URL, "ABSENCE_CLIENT_ID": "absence-test", "ABSENCE_CLIENT_SECRET": "test-secret",
		"ABSENCE_URL": base, "ABSENCE_DATA_DIR": dir, "ABSENCE_LISTEN": ln.Addr().String(),
		"ABSENCE_DATABASE_URL": "sqlite:" + filepath.Join(dir, "absence.db"),
	}
	for _, e := range extra {
		maps.Copy(vars, e)
	}
	cfg, err := config.FromEnv(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.ValidateServe(); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.Open(context.Background(), cfg, log, opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(a.Server.Handler())
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(func() {
		srv.Close()
		a.Close()
	})
	return &env{t: t, iss: iss, app: a, url: base}
}

// onPostgres are the settings that put both databases on PostgreSQL and
// the sessions and key-value store on Redis, as in production.
func onPostgres(t *testing.T) map[string]string {
	return map[string]string{
		"ABSENCE_DATABASE_URL":       storagetest.PostgresURL(t),
		"ABSENCE_AUDIT_DATABASE_URL": storagetest.PostgresURL(t),
		"ABSENCE_REDIS_URL":          storagetest.RedisURL(),
		"ABSENCE_REDIS_PREFIX":       storagetest.RedisPrefix(t),
	}
}

// onEachBackend runs fn against the application on SQLite with the memory
// store, and against one on PostgreSQL with Redis.
func onEachBackend(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, newEnv(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, newEnv(t, onPostgres(t))) })
}

// employerEnv starts the application on SQLite and logs the employer's hr
// user (the default claims) in.
func employerEnv(t *testing.T) (*env, *browser) {
	t.Helper()
	e := newEnv(t)
	return e, e.loginAs()
}

// browser is one user's browser: a cookie jar that follows redirects.
type browser struct {
	e *env
	c *http.Client
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{e: e, c: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
}

// noRedirects is a client with the browser's cookies that does not follow
// redirects.
func (b *browser) noRedirects() *http.Client {
	return &http.Client{Jar: b.c.Jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// startLogin gets /login without following its redirect to the provider
// and returns the status and the redirect's target.
func (b *browser) startLogin() (int, *url.URL) {
	b.e.t.Helper()
	resp, err := b.noRedirects().Get(b.e.url + "/login")
	if err != nil {
		b.e.t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	return resp.StatusCode, loc
}

// claims returns the default claims changed by kv pairs.
func claims(kv ...any) map[string]any {
	c := oidctest.DefaultClaims()
	for i := 0; i < len(kv); i += 2 {
		c[kv[i].(string)] = kv[i+1]
	}
	return c
}

// login logs the browser in as the user of c and returns the final page.
func (b *browser) login(c map[string]any) (int, string) {
	b.e.iss.SetClaims(c)
	return b.get("/login")
}

func (b *browser) get(path string) (int, string) {
	b.e.t.Helper()
	resp, err := b.c.Get(b.e.url + path)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func (b *browser) post(path string, form url.Values) (int, string, *http.Response) {
	b.e.t.Helper()
	resp, err := b.c.PostForm(b.e.url+path, form)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), resp
}

// mustContain fails unless body holds every text.
func mustContain(t *testing.T, body string, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if !strings.Contains(body, s) {
			t.Fatalf("page lacks %q:\n%s", s, excerpt(body))
		}
	}
}

func mustNotContain(t *testing.T, body string, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if strings.Contains(body, s) {
			t.Fatalf("page holds %q:\n%s", s, excerpt(body))
		}
	}
}

func excerpt(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if len(body) > 3000 {
		body = body[:3000]
	}
	return body
}

var idRE = regexp.MustCompile(`(MW|VZ)-[A-Z2-7]{8}`)

// firstID returns the first employee or absence id in body with prefix.
func firstID(t *testing.T, body, prefix string) string {
	t.Helper()
	for _, m := range idRE.FindAllString(body, -1) {
		if strings.HasPrefix(m, prefix) {
			return m
		}
	}
	t.Fatalf("no %s id in page:\n%s", prefix, excerpt(body))
	return ""
}

// events returns the audit trail.
func (e *env) events() []audit.Event {
	var out []audit.Event
	err := e.app.Audit.Iterate(context.Background(), time.Time{}, func(ev audit.Event) error {
		out = append(out, ev)
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

func (e *env) hasEvent(action, targetID string, outcome audit.Outcome) bool {
	for _, ev := range e.events() {
		if ev.Action == action && (targetID == "" || ev.TargetID == targetID) && ev.Outcome == outcome {
			return true
		}
	}
	return false
}
