package app_test

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2/clientcredentials"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
	"github.com/mijnaccount/mijnaccount/billing"
	"github.com/mijnaccount/mijnaccount/config"
	"github.com/mijnaccount/mijnaccount/mfa/sms/faketwilio"
	"github.com/mijnaccount/mijnaccount/mfa/sms/ledger"
)

const (
	twilioSID   = "AC11111111111111111111111111111111"
	twilioToken = "tokenxxxxxxxxxxxxxxxxxxxxxxxxxxx"
)

// twilioSignature signs a status callback the way Twilio does: HMAC-SHA1
// over the URL and the sorted parameters, base64.
func twilioSignature(u string, form url.Values) string {
	keys := make([]string, 0, len(form))
	for k := range form {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	data := u
	for _, k := range keys {
		data += k + form.Get(k)
	}
	m := hmac.New(sha1.New, []byte(twilioToken))
	m.Write([]byte(data))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func postStatus(t *testing.T, env *apptest.Env, form url.Values, sig string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, env.App.Config.Issuer+"/webhooks/twilio/status", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if sig != "" {
		req.Header.Set("X-Twilio-Signature", sig)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestSMSBillingEndToEnd: messages sent through the real twilio-go client
// are in the ledger with the tariff; signed delivery reports count, unsigned
// ones change nothing; the reports API wants scope reports:sms; the finance
// page and the org admin's usage page show the amounts.
func TestSMSBillingEndToEnd(t *testing.T) {
	fake := faketwilio.New(faketwilio.Config{AccountSID: twilioSID, AuthToken: twilioToken})
	t.Cleanup(fake.Close)
	env := apptest.NewWith(t, "sqlite", app.Options{SMSHTTPClient: fake.HTTPClient()}, func(c *config.Config) {
		c.SMS.Mode = "twilio"
		c.SMS.Twilio = config.Twilio{AccountSID: twilioSID, AuthToken: twilioToken, From: "MijnAccount"}
	})
	arbo := env.Org(t, "Arbo Kosten", account.Arbodienst, func(o *account.Org) { o.BillingCustomer = true })
	org := env.Org(t, "Bakker Kosten", account.Werkgever, func(o *account.Org) { o.ParentID = arbo.ID })
	admin := env.User(t, org, "admin@kosten.example", goodPassword, "werkgever/hr", "platform/org-admin")
	u := env.UserWithoutFactor(t, org, "sms@kosten.example", goodPassword)
	b := env.Browser(t)
	p := b.Password(u.Email, goodPassword)
	p = b.Get("/login/enrol/sms?flow=" + p.URL.Query().Get("flow"))
	p = b.Submit(p, url.Values{"phone": {"+31633334444"}})
	msgs := fake.Messages()
	if len(msgs) == 1 {
		p = b.Submit(p, url.Values{"code": {regexpFind(t, msgs[0].Body, `([0-9]{6})`)}})
	}
	if p.URL.Path != "/login/enrol/recovery" {
		t.Fatalf("enrolment through Twilio: %s", p.URL)
	}
	if len(msgs) != 1 || msgs[0].StatusCallback != env.App.Config.Issuer+"/webhooks/twilio/status" {
		t.Fatalf("Twilio must be asked to call back: %+v", msgs)
	}
	sid := msgs[0].SID
	month := billing.MonthOf(env.Clock.Now())
	entries, _ := ledger.NewSQLStore(env.App.DB).List(t.Context(), ledger.Filter{OrgID: org.ID})
	if len(entries) != 1 || entries[0].TariffCents != 8 || entries[0].CountryPrefix != "+31" || entries[0].CustomerID != arbo.ID ||
		entries[0].BillingMonth != month {
		t.Fatalf("ledger %+v", entries)
	}

	form := url.Values{"MessageSid": {sid}, "MessageStatus": {"delivered"}, "AccountSid": {twilioSID}}
	if code := postStatus(t, env, form, ""); code != 403 {
		t.Errorf("unsigned callback: %d", code)
	}
	if code := postStatus(t, env, form, twilioSignature("https://elsewhere.example/webhooks/twilio/status", form)); code != 403 {
		t.Errorf("callback signed for another URL: %d", code)
	}
	if st, _ := ledger.NewSQLStore(env.App.DB).Status(t.Context(), "twilio", sid); st == "delivered" {
		t.Fatal("a refused callback changed the status")
	}
	sig := twilioSignature(env.App.Config.Issuer+"/webhooks/twilio/status", form)
	for range 2 { // a repeat changes nothing
		if code := postStatus(t, env, form, sig); code != 200 {
			t.Fatalf("signed callback: %d", code)
		}
	}

	// The reports API: a machine client with and without the scope.
	mk := func(id string, scopes ...string) *rp {
		return newRP(t, env, id, func(c *oauthstore.Client) {
			c.GrantTypes, c.Scopes = []string{oauthstore.GrantClientCredentials}, scopes
			c.RedirectURIs, c.PostLogoutRedirectURIs, c.BackchannelLogoutURI = nil, nil, ""
		})
	}
	fin, other := mk("boekhouding", "reports:sms"), mk("rooster", "org")
	get := func(r *rp, scope, accept string) (int, string) {
		req, _ := http.NewRequest(http.MethodGet, env.App.Config.Issuer+"/api/v1/reports/sms?month="+month, nil)
		if r != nil {
			cc := clientcredentials.Config{ClientID: r.client.ID, ClientSecret: r.secret, TokenURL: r.provider.Endpoint().TokenURL, Scopes: []string{scope}}
			tok, err := cc.Token(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			tok.SetAuthHeader(req)
		}
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if code, _ := get(nil, "", ""); code != 401 {
		t.Errorf("no token: %d", code)
	}
	if code, _ := get(other, "org", ""); code != 403 {
		t.Errorf("token without reports:sms: %d", code)
	}
	code, body := get(fin, "reports:sms", "")
	var rep billing.Report
	if code != 200 || json.Unmarshal([]byte(body), &rep) != nil {
		t.Fatalf("report: %d %s", code, body)
	}
	if rep.Total.Messages != 1 || rep.Total.AmountCents != 8 || rep.Total.Delivered != 1 || len(rep.Customers) != 1 ||
		rep.Customers[0].CustomerID != arbo.ID || rep.Customers[0].Orgs[0].OrgID != org.ID {
		t.Errorf("report %+v", rep)
	}
	if code, body := get(fin, "reports:sms", "text/csv"); code != 200 || !strings.HasPrefix(body, strings.Join(billing.CSVHeader, ",")) ||
		!strings.Contains(body, "0.08") {
		t.Errorf("CSV: %d %q", code, body)
	}

	// The finance page is for the finance role only.
	if p := env.Browser(t); true {
		p.Login(admin.Email, goodPassword)
		if page := p.Get("/finance/sms?month=" + month); page.Status != 404 {
			t.Errorf("finance page for a non-finance user: %d", page.Status)
		}
		if page := p.Get("/account/sms"); !strings.Contains(page.Body, "0,08") {
			t.Errorf("the org admin's usage page must show the cost:\n%s", page.Body)
		}
	}
	platform := env.Org(t, "Mijn Account Beheer", account.Werkgever)
	finUser := env.User(t, platform, "financien@beheer.example", goodPassword, "platform/finance")
	fb := env.Browser(t)
	fb.Login(finUser.Email, goodPassword)
	page := fb.Get("/finance/sms?month=" + month)
	if page.Status != 200 || !strings.Contains(page.Body, "<svg") || !strings.Contains(page.Body, "Arbo Kosten") || !strings.Contains(page.Body, "0,08") {
		t.Fatalf("finance page: %d\n%s", page.Status, page.Body)
	}
	if csv := fb.Get("/finance/sms.csv?month=" + month); !strings.Contains(csv.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("CSV download: %v", csv.Header)
	}
}

// TestTariffNoticeAndBudgetWarningMailed: entering a tariff mails the
// customer's admins once; a budget at 80% warns them once; with stop, SMS
// stops and the user is told to use another way.
func TestTariffNoticeAndBudgetWarningMailed(t *testing.T) {
	env := apptest.New(t, "sqlite")
	cust := env.Org(t, "Klant Tarief", account.Werkgever, func(o *account.Org) { o.BillingCustomer = true })
	admin := env.User(t, cust, "beheer@tarief.example", goodPassword, "werkgever/hr", "platform/org-admin")
	u := env.UserWithoutFactor(t, cust, "sms@tarief.example", goodPassword)
	from := env.Clock.Now().AddDate(0, 3, 0)
	start, _, _ := billing.MonthBounds(billing.MonthOf(from))
	if _, err := env.App.Billing.EnterTariff(t.Context(), billing.Tariff{CustomerID: cust.ID, CentsPerSegment: 9, EffectiveFrom: start}, "test"); err != nil {
		t.Fatal(err)
	}
	env.App.BillingNotices(t.Context())
	env.App.BillingNotices(t.Context())
	notices := 0
	for _, m := range env.Mails(t, admin.Email) {
		if m.Purpose == "sms_tariff_notice" {
			notices++
		}
	}
	if notices != 1 {
		t.Errorf("%d tariff notices, want 1", notices)
	}

	if err := env.App.Billing.SetBudget(t.Context(), cust.ID, 8, true); err != nil {
		t.Fatal(err)
	}
	enrolSMS(t, env, env.Browser(t), u.Email, "+31655556666", "+31655556666") // 8 cents: the whole budget
	env.App.BillingNotices(t.Context())
	if ms := env.Mails(t, admin.Email); ms[len(ms)-1].Purpose != "sms_budget_warning" {
		t.Errorf("no budget warning: last mail %q", ms[len(ms)-1].Purpose)
	}
	env.Clock.Advance(time.Minute)
	b := env.Browser(t)
	p := b.Password(u.Email, goodPassword) // the budget is spent: refused
	if !strings.Contains(p.Body, "te veel sms-codes") || len(env.SMSCodes(t, "+31655556666")) != 1 {
		t.Fatalf("with the budget spent no SMS may go out:\n%s", p.Body)
	}
}
