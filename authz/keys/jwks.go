package keys

import (
	"context"

	"github.com/go-jose/go-jose/v3"
)

// JWKS returns the published public keys (the current and previous key of
// each algorithm) with kid, alg and use "sig", for the provider's jwks_uri.
// It serves from the cache, so a rotation elsewhere shows within
// RefreshInterval; an error means the keys could not be loaded and nothing
// should be served.
func (m *Manager) JWKS(ctx context.Context) (jose.JSONWebKeySet, error) {
	s, err := m.snapshot(ctx)
	if err != nil {
		return jose.JSONWebKeySet{}, err
	}
	set := jose.JSONWebKeySet{Keys: make([]jose.JSONWebKey, 0, len(s.keys))}
	for _, e := range s.keys {
		set.Keys = append(set.Keys, jose.JSONWebKey{
			Key:       e.key.Public,
			KeyID:     e.key.ID,
			Algorithm: e.key.Alg,
			Use:       "sig",
		})
	}
	return set, nil
}
