package backchannel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// Result is the outcome for one client.
type Result struct {
	ClientID string
	Status   int   // HTTP status of the last answer; 0 when none came
	Attempts int   // POSTs made
	Err      error // nil when the client answered 200 or 204
}

var (
	// ErrRedirect is returned (wrapped) when a logout endpoint answered with
	// a redirect, which counts as a failure and is not followed.
	ErrRedirect = errors.New("backchannel: logout endpoint redirected")
	// ErrStatus is returned (wrapped) when a logout endpoint answered with a
	// status other than 200, 204 or a redirect.
	ErrStatus = errors.New("backchannel: logout endpoint failed")
)

// errRequest marks a request that could not be made; trying again would not
// help.
var errRequest = errors.New("backchannel: logout request")

// maxDrain bounds how much of an answer is read (and discarded) so that the
// connection can be reused.
const maxDrain = 64 << 10

// httpClient returns the client to send with: HTTPClient or a default, never
// following redirects.
func (n *Notifier) httpClient() *http.Client {
	hc := http.Client{Timeout: DefaultTimeout}
	if n.HTTPClient != nil {
		hc = *n.HTTPClient
	}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &hc
}

// notifyClient signs the logout token for c and delivers it.
func (n *Notifier) notifyClient(ctx context.Context, hc *http.Client, c oauthstore.Client, subject, sid string) Result {
	res := Result{ClientID: c.ID}
	token, err := n.Signer.SignLogoutToken(ctx, logoutClaims(n.Issuer, c.ID, subject, sid, n.now()))
	if err != nil {
		res.Err = fmt.Errorf("backchannel: sign logout token: %w", err)
		return res
	}
	if err := checkHeader(token); err != nil {
		res.Err = err
		return res
	}
	wait := n.backoff()
	for {
		res.Attempts++
		res.Status, res.Err = post(ctx, hc, c.BackchannelLogoutURI, token)
		if res.Err == nil || !retryable(res.Status, res.Err) || res.Attempts >= n.attempts() {
			return res
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return res
		case <-timer.C:
		}
		wait *= 2
	}
}

// retryable reports whether a failed POST may succeed when tried again: after
// a network error (no status) or a 5xx answer.
func retryable(status int, err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, errRequest) {
		return false
	}
	return status == 0 || status >= 500
}

// post sends the logout token to uri as a form and returns the answer's
// status; the error is nil only for 200 and 204.
func post(ctx context.Context, hc *http.Client, uri, token string) (int, error) {
	body := url.Values{"logout_token": {token}}.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, uri, strings.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("%w: %w", errRequest, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxDrain))
	switch status := resp.StatusCode; {
	case status == http.StatusOK || status == http.StatusNoContent:
		return status, nil
	case status >= 300 && status < 400:
		return status, fmt.Errorf("%w: status %d", ErrRedirect, status)
	default:
		return status, fmt.Errorf("%w: status %d", ErrStatus, status)
	}
}
