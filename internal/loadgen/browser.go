package loadgen

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/pquerna/otp"
	ptotp "github.com/pquerna/otp/totp"
)

var formAction = regexp.MustCompile(`<form method="post" action="([^"]+)"`)

// browser is one user agent: its own cookie jar, redirects followed, plain
// form posts, as app/apptest's Browser does it.
type browser struct {
	client *http.Client
}

func newBrowser(tr http.RoundTripper) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{client: &http.Client{Transport: tr, Jar: jar, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), RedirectURI) {
			return http.ErrUseLastResponse // the relying party's callback: stop here
		}
		return nil
	}}}
}

type page struct {
	status   int
	url      *url.URL
	body     string
	location string
}

func (b *browser) do(req *http.Request) (*page, error) {
	req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36 loadgen")
	res, err := b.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	return &page{status: res.StatusCode, url: res.Request.URL, body: string(body), location: res.Header.Get("Location")}, nil
}

func (b *browser) get(ctx context.Context, u string) (*page, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	return b.do(req)
}

// submit posts form to the first form on p.
func (b *browser) submit(ctx context.Context, p *page, form url.Values) (*page, error) {
	m := formAction.FindStringSubmatch(p.body)
	if m == nil {
		return nil, fmt.Errorf("no form on %s (status %d)", p.url, p.status)
	}
	action, err := p.url.Parse(strings.ReplaceAll(m[1], "&amp;", "&"))
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, action.String(), strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// pkce returns a code verifier and its S256 challenge.
func pkce() (verifier, challenge string) {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	verifier = base64.RawURLEncoding.EncodeToString(b)
	sum := sha256.Sum256([]byte(verifier))
	return verifier, base64.RawURLEncoding.EncodeToString(sum[:])
}

func randomString() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

var totpOpts = ptotp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// totpCode is the authenticator app's code for step.
func totpCode(secret string, step int64) (string, error) {
	return ptotp.GenerateCodeCustom(secret, time.Unix(step*30, 0), totpOpts)
}

// authorize runs the browser part of a login: the authorization request,
// the password page, the TOTP page, and the redirect back with a code.
func (b *browser) authorize(ctx context.Context, base string, u SeedUser, step int64, challenge string) (string, error) {
	q := url.Values{"response_type": {"code"}, "client_id": {WebClientID}, "redirect_uri": {RedirectURI},
		"scope": {"openid profile email offline_access"}, "state": {randomString()}, "nonce": {randomString()},
		"code_challenge": {challenge}, "code_challenge_method": {"S256"}}
	p, err := b.get(ctx, base+"/oauth2/auth?"+q.Encode())
	if err != nil {
		return "", err
	}
	if p, err = b.submit(ctx, p, url.Values{"email": {u.Email}, "password": {Password}}); err != nil {
		return "", fmt.Errorf("password: %w", err)
	}
	if !strings.HasPrefix(p.url.Path, "/login/factor/totp") {
		return "", fmt.Errorf("after the password: %d %s", p.status, p.url.Path)
	}
	code, err := totpCode(u.TOTPSecret, step)
	if err != nil {
		return "", err
	}
	if p, err = b.submit(ctx, p, url.Values{"code": {code}}); err != nil {
		return "", fmt.Errorf("totp: %w", err)
	}
	loc, err := url.Parse(p.location)
	if err != nil || !strings.HasPrefix(p.location, RedirectURI) {
		return "", fmt.Errorf("after the code: %d %s (location %q)", p.status, p.url.Path, p.location)
	}
	if c := loc.Query().Get("code"); c != "" {
		return c, nil
	}
	return "", fmt.Errorf("callback without a code: %s", loc.RawQuery)
}
