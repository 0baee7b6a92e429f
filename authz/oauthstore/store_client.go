package oauthstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ory/fosite"

	"github.com/mijnaccount/mijnaccount/storage"
)

const clientColumns = `id, name, secret_hash, redirect_uris, post_logout_redirect_uris, backchannel_logout_uri,
	grant_types, response_types, scopes, audience, public, first_party, token_endpoint_auth_method,
	id_token_signed_response_alg, created_at, secret_rotated_at, refresh_token_absolute_lifetime`

func scanClient(row storage.Scanner) (Client, error) {
	var (
		c                                                    Client
		secret, redirects, postLogout, grants, types, scopes string
		audience                                             string
		created, rotated, refreshLifetime                    int64
	)
	err := row.Scan(&c.ID, &c.Name, &secret, &redirects, &postLogout, &c.BackchannelLogoutURI, &grants, &types,
		&scopes, &audience, &c.Public, &c.FirstParty, &c.TokenEndpointAuthMethod, &c.IDTokenSignedResponseAlg,
		&created, &rotated, &refreshLifetime)
	if err != nil {
		return Client{}, err
	}
	if secret != "" {
		c.SecretHash = []byte(secret)
	}
	c.RedirectURIs, c.PostLogoutRedirectURIs = splitList(redirects), splitList(postLogout)
	c.GrantTypes, c.ResponseTypes = splitList(grants), splitList(types)
	c.Scopes, c.Audience = splitList(scopes), splitList(audience)
	c.CreatedAt, c.SecretRotatedAt = storage.FromMicros(created), storage.FromMicros(rotated)
	c.RefreshTokenAbsoluteLifetime = time.Duration(refreshLifetime) * time.Second
	return c, nil
}

func clientArgs(c Client) []any {
	return []any{c.ID, c.Name, string(c.SecretHash), joinList(c.RedirectURIs), joinList(c.PostLogoutRedirectURIs),
		c.BackchannelLogoutURI, joinList(c.GrantTypes), joinList(c.ResponseTypes), joinList(c.Scopes),
		joinList(c.Audience), c.Public, c.FirstParty, c.TokenEndpointAuthMethod, c.IDTokenSignedResponseAlg,
		storage.Micros(c.CreatedAt), storage.Micros(c.SecretRotatedAt), int64(c.RefreshTokenAbsoluteLifetime / time.Second)}
}

// getClient loads a client; an unknown id is fosite.ErrNotFound.
func getClient(ctx context.Context, q storage.Querier, id string) (Client, error) {
	c, err := scanClient(q.QueryRowContext(ctx, `SELECT `+clientColumns+` FROM oauth_clients WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Client{}, fmt.Errorf("oauthstore: client %q: %w", id, fosite.ErrNotFound)
	}
	return c, err
}

// CreateClient validates and stores a new client. An empty ID is replaced by a
// random one; CreatedAt (and SecretRotatedAt when a secret is given) are set
// to now and defaults are filled in. A taken id is ErrAlreadyExists; a client
// that fails ValidateClient is not stored.
func (s *Store) CreateClient(ctx context.Context, c Client) (Client, error) {
	if c.ID == "" {
		c.ID = storage.NewID()
	}
	c = c.withDefaults()
	now := roundTime(s.now())
	c.CreatedAt, c.SecretRotatedAt = now, time.Time{}
	if len(c.SecretHash) > 0 {
		c.SecretRotatedAt = now
	}
	if err := ValidateClient(c); err != nil {
		return Client{}, err
	}
	_, err := s.q(ctx).ExecContext(ctx, `INSERT INTO oauth_clients (`+clientColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`, clientArgs(c)...)
	if storage.IsUniqueViolation(err) {
		return Client{}, fmt.Errorf("client id %q: %w", c.ID, ErrAlreadyExists)
	}
	if err != nil {
		return Client{}, err
	}
	return c, nil
}

// GetClient implements fosite.ClientManager: the client as a *Client, or
// fosite.ErrNotFound.
func (s *Store) GetClient(ctx context.Context, id string) (fosite.Client, error) {
	c, err := getClient(ctx, s.q(ctx), id)
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// GetOAuthClient returns a client by id, or fosite.ErrNotFound.
func (s *Store) GetOAuthClient(ctx context.Context, id string) (Client, error) {
	return getClient(ctx, s.q(ctx), id)
}

// ListClients returns every client, ordered by name and id.
func (s *Store) ListClients(ctx context.Context) ([]Client, error) {
	rows, err := s.q(ctx).QueryContext(ctx, `SELECT `+clientColumns+` FROM oauth_clients ORDER BY name, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Client
	for rows.Next() {
		c, err := scanClient(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// UpdateClient changes a client's settings with fn, which gets the stored
// client. The id, secret (see SetClientSecret), public flag and times stay as
// they are; the result must pass ValidateClient. An unknown id is
// fosite.ErrNotFound.
func (s *Store) UpdateClient(ctx context.Context, id string, fn func(Client) (Client, error)) (Client, error) {
	var updated Client
	err := s.inTx(ctx, func(ctx context.Context) error {
		q := s.q(ctx)
		old, err := getClient(ctx, q, id)
		if err != nil {
			return err
		}
		c, err := fn(old)
		if err != nil {
			return err
		}
		c.ID, c.SecretHash, c.Public, c.CreatedAt, c.SecretRotatedAt = old.ID, old.SecretHash, old.Public, old.CreatedAt, old.SecretRotatedAt
		c = c.withDefaults()
		if err := ValidateClient(c); err != nil {
			return err
		}
		_, err = q.ExecContext(ctx, `UPDATE oauth_clients SET name = $1, redirect_uris = $2, post_logout_redirect_uris = $3,
			backchannel_logout_uri = $4, grant_types = $5, response_types = $6, scopes = $7, audience = $8,
			first_party = $9, token_endpoint_auth_method = $10, id_token_signed_response_alg = $11,
			refresh_token_absolute_lifetime = $12 WHERE id = $13`,
			c.Name, joinList(c.RedirectURIs), joinList(c.PostLogoutRedirectURIs), c.BackchannelLogoutURI,
			joinList(c.GrantTypes), joinList(c.ResponseTypes), joinList(c.Scopes), joinList(c.Audience), c.FirstParty,
			c.TokenEndpointAuthMethod, c.IDTokenSignedResponseAlg, int64(c.RefreshTokenAbsoluteLifetime/time.Second), c.ID)
		updated = c
		return err
	})
	if err != nil {
		return Client{}, err
	}
	return updated, nil
}

// DeleteClient deletes a client together with every code and token issued to
// it, or returns fosite.ErrNotFound.
func (s *Store) DeleteClient(ctx context.Context, id string) error {
	return s.inTx(ctx, func(ctx context.Context) error {
		q := s.q(ctx)
		if _, err := q.ExecContext(ctx, `DELETE FROM oauth_requests WHERE client_id = $1`, id); err != nil {
			return err
		}
		res, err := q.ExecContext(ctx, `DELETE FROM oauth_clients WHERE id = $1`, id)
		if err != nil {
			return err
		}
		return expectOne(res, fmt.Errorf("oauthstore: client %q: %w", id, fosite.ErrNotFound))
	})
}

// SetClientSecret replaces the secret hash of a confidential client (hash as
// made by SecretHasher) and sets SecretRotatedAt. Tokens already issued stay
// valid; revoke them separately if the old secret leaked.
func (s *Store) SetClientSecret(ctx context.Context, id string, hash []byte) error {
	if !IsSecretHash(hash) {
		return &Problem{Field: "secret_hash", Message: "not a hash made by SecretHasher"}
	}
	q := s.q(ctx)
	res, err := q.ExecContext(ctx, `UPDATE oauth_clients SET secret_hash = $1, secret_rotated_at = $2 WHERE id = $3 AND NOT public`,
		string(hash), s.micros(), id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	if _, err := getClient(ctx, q, id); err != nil {
		return err
	}
	return &Problem{Field: "secret_hash", Message: "public clients have no secret"}
}

// expectOne returns notFound when res affected no row.
func expectOne(res sql.Result, notFound error) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound
	}
	return nil
}

// joinList and splitList store lists as space-separated text: scopes, grant
// types, audiences and (validated) URIs never contain whitespace.
func joinList(items []string) string { return strings.Join(items, " ") }

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, " ")
}
