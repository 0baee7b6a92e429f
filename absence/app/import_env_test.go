package app_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/app"
)

// impClock is a clock the test moves forward.
type impClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *impClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *impClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newClockEnv is newEnv with the application's clock (sessions, key-value
// store expiry) in the test's hand.
func newClockEnv(t *testing.T, clock *impClock) *env {
	t.Helper()
	return startEnv(t, app.Options{Now: clock.Now})
}

const impHeader = "ui_id;actie;personeelsnummer;naam;geboortedatum;email;contracturen;in_dienst;uit_dienst"

// expHeader is the header the template and the export write: the import's
// required columns and the optional leidinggevende.
const expHeader = impHeader + ";leidinggevende"

// impLine is a valid data line; the name and number vary.
func impLine(id, action, number, name string) string {
	return strings.Join([]string{id, action, number, name, "12-04-1985", "", "32,5", "01-01-2020", ""}, ";")
}

// upload posts a CSV file as the import form does.
func (b *browser) upload(text string) (int, string) {
	b.e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", "medewerkers.csv")
	if err != nil {
		b.e.t.Fatal(err)
	}
	_, _ = io.WriteString(fw, text)
	_ = mw.Close()
	resp, err := b.c.Post(b.e.url+"/import", mw.FormDataContentType(), &body)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(page)
}

// download fetches a file and returns its status, content type and body.
func (b *browser) download(method, path string, form url.Values) (int, http.Header, string) {
	b.e.t.Helper()
	var resp *http.Response
	var err error
	if method == http.MethodGet {
		resp, err = b.c.Get(b.e.url + path)
	} else {
		resp, err = b.c.PostForm(b.e.url+path, form)
	}
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(body)
}

var tokenRE = regexp.MustCompile(`name="token" value="([^"]+)"`)

func importToken(t *testing.T, body string) string {
	t.Helper()
	m := tokenRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no import token on the page:\n%s", excerpt(body))
	}
	return m[1]
}

// rejectedLines returns the line numbers of the rejected-lines table.
func rejectedLines(body string) string {
	var out []string
	for _, m := range regexp.MustCompile(`data-line="(\d+)"`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return strings.Join(out, ",")
}

func (e *env) employeeNames(org string) map[string]string {
	e.t.Helper()
	emps, err := e.app.Store.Employees(context.Background(), org)
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[string]string{}
	for _, emp := range emps {
		out[emp.PersonnelNumber] = emp.Name
	}
	return out
}
