package app

import (
	"context"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// formActionTTL bounds how long a new client's redirect origin may be
// missing from the pages' form-action (a client made by the CLI in another
// process).
const formActionTTL = time.Second

// formActions gives the Content-Security-Policy the origins of every
// registered redirect and post-logout redirect URI: a login form's POST
// ends in a redirect to a relying party, and browsers apply form-action to
// that redirect.
type formActions struct {
	store *oauthstore.Store
	now   func() time.Time

	mu   sync.Mutex
	at   time.Time
	list []string
}

func (f *formActions) origins(ctx context.Context) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	if !f.at.IsZero() && now.Sub(f.at) < formActionTTL && now.After(f.at.Add(-time.Second)) {
		return f.list, nil
	}
	clients, err := f.store.ListClients(ctx)
	if err != nil {
		return nil, err
	}
	var list []string
	for _, c := range clients {
		for _, raw := range append(append([]string(nil), c.RedirectURIs...), c.PostLogoutRedirectURIs...) {
			u, err := url.Parse(raw)
			if err != nil || u.Host == "" {
				continue
			}
			if o := u.Scheme + "://" + u.Host; !slices.Contains(list, o) {
				list = append(list, o)
			}
		}
	}
	slices.Sort(list)
	f.list, f.at = list, now
	return list, nil
}
