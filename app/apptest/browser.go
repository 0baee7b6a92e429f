package apptest

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Browser is one user agent with its own cookies. It follows redirects.
type Browser struct {
	t      *testing.T
	env    *Env
	base   string
	Client *http.Client
	IP     string // sent as X-Forwarded-For when set (needs trusted proxies)
}

// Page is a response after redirects.
type Page struct {
	Status int
	URL    *url.URL
	Body   string
	Header http.Header
}

// Browser returns a new browser for the product.
func (e *Env) Browser(t *testing.T) *Browser {
	jar, _ := cookiejar.New(nil)
	return &Browser{t: t, env: e, base: e.App.Config.Issuer, Client: &http.Client{Jar: jar}}
}

func (b *Browser) do(req *http.Request) *Page {
	b.t.Helper()
	req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36")
	if b.IP != "" {
		req.Header.Set("X-Forwarded-For", b.IP)
	}
	res, err := b.Client.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return &Page{Status: res.StatusCode, URL: res.Request.URL, Body: string(body), Header: res.Header}
}

// Get loads path.
func (b *Browser) Get(path string) *Page {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.abs(path), nil)
	return b.do(req)
}

// Post submits form to path.
func (b *Browser) Post(path string, form url.Values) *Page {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.abs(path), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

func (b *Browser) abs(path string) string {
	if strings.HasPrefix(path, "http") {
		return path
	}
	return b.base + path
}

var formAction = regexp.MustCompile(`<form method="post" action="([^"]+)"`)

// Submit posts form to the first form of page, as a person pressing its button.
func (b *Browser) Submit(p *Page, form url.Values) *Page {
	b.t.Helper()
	m := formAction.FindStringSubmatch(p.Body)
	if m == nil {
		b.t.Fatalf("no form on %s:\n%s", p.URL, p.Body)
	}
	action := strings.ReplaceAll(m[1], "&amp;", "&")
	return b.Post(action, form)
}

// Password goes through /login with email and password and returns the page
// it ends on (the second-factor step when the password was right).
func (b *Browser) Password(email, password string) *Page {
	b.t.Helper()
	p := b.Get("/login")
	return b.Submit(p, url.Values{"email": {email}, "password": {password}})
}

// Login goes through /login with email and password and, when the user has
// an authenticator app made by Env.User, answers the code question too. It
// returns the page it ends on.
func (b *Browser) Login(email, password string) *Page {
	b.t.Helper()
	p := b.Password(email, password)
	if secret, ok := b.env.Secret(email); ok && p.URL.Path == "/login/factor/totp" {
		p = b.Submit(p, url.Values{"code": {b.env.TOTPCode(b.t, secret)}})
	}
	return p
}
