package status_test

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"net/url"
	"slices"
	"testing"

	"github.com/twilio/twilio-go/client"
)

// sign computes X-Twilio-Signature the way Twilio does for a POST: HMAC-SHA1
// with the auth token over the URL followed by every parameter's name and
// value, sorted by name, in base64.
func sign(token, rawURL string, form url.Values) string {
	s := rawURL
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range form {
			if !yield(k) {
				return
			}
		}
	}) {
		for _, v := range form[k] {
			s += k + v
		}
	}
	m := hmac.New(sha1.New, []byte(token))
	m.Write([]byte(s))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// TestSignMatchesTwilio checks the test's signing against twilio-go's own
// validator, so the handler tests sign like Twilio.
func TestSignMatchesTwilio(t *testing.T) {
	form := callback("SM0123456789abcdef0123456789abcdef", "delivered")
	form.Set("ErrorCode", "")
	v := client.NewRequestValidator(testToken)
	params := map[string]string{}
	for k := range form {
		params[k] = form.Get(k)
	}
	if !v.Validate(publicURL, params, sign(testToken, publicURL, form)) {
		t.Fatal("twilio-go does not accept the test's signature")
	}
	if v.Validate(publicURL, params, sign("other-token", publicURL, form)) {
		t.Fatal("twilio-go accepts a signature made with another token")
	}
}
