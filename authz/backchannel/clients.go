package backchannel

import (
	"context"
	"errors"
	"fmt"

	"github.com/ory/fosite"

	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// ClientSource loads a client by id, reporting an unknown one as
// fosite.ErrNotFound; oauthstore.Store implements it.
type ClientSource interface {
	GetOAuthClient(ctx context.Context, id string) (oauthstore.Client, error)
}

// addNamed appends to found the clients named by ids that it does not hold
// yet, each once, loaded from n.Clients. Unknown ids (a deleted client) are
// skipped.
func (n *Notifier) addNamed(ctx context.Context, found []oauthstore.Client, ids []string) ([]oauthstore.Client, error) {
	seen := make(map[string]bool, len(found)+len(ids))
	for _, c := range found {
		seen[c.ID] = true
	}
	for _, id := range ids {
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		c, err := n.Clients.GetOAuthClient(ctx, id)
		if errors.Is(err, fosite.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("backchannel: load client to notify: %w", err)
		}
		found = append(found, c)
	}
	return found, nil
}
