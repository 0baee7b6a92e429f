package backchannel

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// Defaults of a Notifier's zero fields.
const (
	DefaultTimeout      = 5 * time.Second        // per request, when HTTPClient is nil
	DefaultAttempts     = 3                      // per client
	DefaultBackoff      = 500 * time.Millisecond // before the first retry, doubled after each
	DefaultAsyncTimeout = time.Minute            // for all of one NotifyAsync
)

// maxInFlight bounds the POSTs of one notification that run at once.
const maxInFlight = 8

// Targets finds the clients to notify; oauthstore.Store implements it.
type Targets interface {
	LogoutTargets(ctx context.Context, subject, sid string) ([]oauthstore.Client, error)
}

// Notifier sends back-channel logout tokens. Issuer, Signer and Targets are
// required; the other fields have defaults. Its fields must not change once it
// is in use; it is then safe for concurrent use.
type Notifier struct {
	Issuer  string  // the iss of logout tokens: the provider's issuer URL
	Signer  Signer  // signs logout tokens with the provider's current key
	Targets Targets // finds the clients of a session or user

	// Clients loads the clients NotifySession is given by id; it is needed
	// only when ids are given. oauthstore.Store implements it.
	Clients ClientSource
	// HTTPClient sends the POSTs; nil means a client with DefaultTimeout.
	// Redirects are never followed, whatever its CheckRedirect says.
	HTTPClient *http.Client
	// Now gives the iat of logout tokens; nil means time.Now.
	Now func() time.Time
	// Log receives NotifyAsync's lines; nil means slog.Default().
	Log *slog.Logger
	// Attempts is how often a POST is tried when it fails with a network
	// error or a 5xx answer (DefaultAttempts when 0 or less). Any other
	// answer is final.
	Attempts int
	// Backoff is the wait before the first retry, doubled before each next
	// one (DefaultBackoff when 0 or less).
	Backoff time.Duration
	// AsyncTimeout bounds all of one NotifyAsync (DefaultAsyncTimeout when 0
	// or less).
	AsyncTimeout time.Duration

	background sync.WaitGroup
}

// Notify sends a logout token to every client with a back-channel logout URI
// that Targets finds for the login session sid, or for the user subject when
// sid is "" (at least one must be given), and waits for the answers. Each
// client gets its own token (aud is its id; sub and sid as given) in one form
// POST, tried up to Attempts times; up to 8 clients are notified at once.
//
// The results follow the order of the targets; a result without Err means the
// client answered 200 or 204. The error is for a Notifier without Issuer,
// Signer or Targets, for neither subject nor sid, and for failing to find the
// targets; no token is sent then.
func (n *Notifier) Notify(ctx context.Context, subject, sid string) ([]Result, error) {
	return n.NotifySession(ctx, subject, sid, nil)
}

// NotifySession is Notify that also notifies the clients named by clientIDs,
// those the login session sid is known to have given a code to, whether or
// not Targets still finds them (their tokens may have expired while the
// relying party's session lives on). Each client is notified once: first
// those Targets finds, in its order, then the other named ones in the order
// given. A named client that no longer exists is skipped; failing to load
// one is an error, and no token is sent then.
func (n *Notifier) NotifySession(ctx context.Context, subject, sid string, clientIDs []string) ([]Result, error) {
	switch {
	case n.Issuer == "" || n.Signer == nil || n.Targets == nil:
		return nil, errors.New("backchannel: Notifier needs an Issuer, a Signer and Targets")
	case subject == "" && sid == "":
		return nil, errors.New("backchannel: Notify needs a subject or a session id")
	case len(clientIDs) > 0 && n.Clients == nil:
		return nil, errors.New("backchannel: Notifier needs Clients to notify clients by id")
	}
	found, err := n.Targets.LogoutTargets(ctx, subject, sid)
	if err != nil {
		return nil, fmt.Errorf("backchannel: find clients to notify: %w", err)
	}
	if found, err = n.addNamed(ctx, found, clientIDs); err != nil {
		return nil, err
	}
	var targets []oauthstore.Client
	for _, c := range found {
		if c.BackchannelLogoutURI != "" {
			targets = append(targets, c)
		}
	}
	if len(targets) == 0 {
		return nil, nil
	}
	hc := n.httpClient()
	results := make([]Result, len(targets))
	slots := make(chan struct{}, maxInFlight)
	var wg sync.WaitGroup
	for i, c := range targets {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			results[i] = n.notifyClient(ctx, hc, c, subject, sid)
		})
	}
	wg.Wait()
	return results, nil
}

// NotifyAsync does what Notify does in the background, so that logging out
// does not wait for relying parties. It is detached from ctx's cancellation
// (the request may end first) but keeps its values, and it is bounded by
// AsyncTimeout. It logs one line per client, with the client id, the last
// HTTP status and the number of attempts, never a token, subject or sid.
func (n *Notifier) NotifyAsync(ctx context.Context, subject, sid string) {
	n.NotifySessionAsync(ctx, subject, sid, nil)
}

// NotifySessionAsync does what NotifySession does in the background, the way
// NotifyAsync does it for Notify.
func (n *Notifier) NotifySessionAsync(ctx context.Context, subject, sid string, clientIDs []string) {
	ctx = context.WithoutCancel(ctx)
	clientIDs = slices.Clone(clientIDs)
	n.background.Go(func() {
		ctx, cancel := context.WithTimeout(ctx, n.asyncTimeout())
		defer cancel()
		results, err := n.NotifySession(ctx, subject, sid, clientIDs)
		log := n.logger()
		if err != nil {
			log.LogAttrs(ctx, slog.LevelError, "back-channel logout not sent", slog.String("error", err.Error()))
			return
		}
		for _, r := range results {
			attrs := []slog.Attr{
				slog.String("client_id", r.ClientID),
				slog.Int("status", r.Status),
				slog.Int("attempts", r.Attempts),
			}
			if r.Err == nil {
				log.LogAttrs(ctx, slog.LevelInfo, "back-channel logout delivered", attrs...)
				continue
			}
			attrs = append(attrs, slog.String("error", r.Err.Error()))
			log.LogAttrs(ctx, slog.LevelWarn, "back-channel logout failed", attrs...)
		}
	})
}

// Wait blocks until every notification NotifyAsync started has finished. Call
// it at shutdown, after the last NotifyAsync (once the HTTP server stopped).
func (n *Notifier) Wait() { n.background.Wait() }

func (n *Notifier) now() time.Time {
	if n.Now != nil {
		return n.Now()
	}
	return time.Now()
}

func (n *Notifier) logger() *slog.Logger {
	if n.Log != nil {
		return n.Log
	}
	return slog.Default()
}

func (n *Notifier) attempts() int {
	if n.Attempts > 0 {
		return n.Attempts
	}
	return DefaultAttempts
}

func (n *Notifier) backoff() time.Duration {
	if n.Backoff > 0 {
		return n.Backoff
	}
	return DefaultBackoff
}

func (n *Notifier) asyncTimeout() time.Duration {
	if n.AsyncTimeout > 0 {
		return n.AsyncTimeout
	}
	return DefaultAsyncTimeout
}
