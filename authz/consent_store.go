package authz

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// ConsentStore remembers which scopes a user granted a client.
type ConsentStore struct {
	DB  *storage.DB
	Now func() time.Time
}

// Has reports whether the user granted the client every scope of scopes.
func (c *ConsentStore) Has(ctx context.Context, userID, clientID string, scopes []string) (bool, error) {
	granted, err := c.scopes(ctx, userID, clientID)
	if err != nil {
		return false, err
	}
	for _, s := range scopes {
		if !slices.Contains(granted, s) {
			return false, nil
		}
	}
	return granted != nil, nil
}

func (c *ConsentStore) scopes(ctx context.Context, userID, clientID string) ([]string, error) {
	var raw string
	err := c.DB.QueryRowContext(ctx, `SELECT scopes FROM oauth_consents WHERE user_id = $1 AND client_id = $2`, userID, clientID).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("authz: read consent: %w", err)
	}
	return strings.Fields(raw), nil
}

// Grant adds scopes to what the user granted the client.
func (c *ConsentStore) Grant(ctx context.Context, userID, clientID string, scopes []string) error {
	return c.DB.InTx(ctx, func(tx *sql.Tx) error {
		var raw string
		err := tx.QueryRowContext(ctx, `SELECT scopes FROM oauth_consents WHERE user_id = $1 AND client_id = $2`, userID, clientID).Scan(&raw)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		all := strings.Fields(raw)
		for _, s := range scopes {
			if !slices.Contains(all, s) {
				all = append(all, s)
			}
		}
		slices.Sort(all)
		now := storage.Micros(c.Now())
		if _, err := tx.ExecContext(ctx, `DELETE FROM oauth_consents WHERE user_id = $1 AND client_id = $2`, userID, clientID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO oauth_consents (user_id, client_id, scopes, granted_at) VALUES ($1, $2, $3, $4)`,
			userID, clientID, strings.Join(all, " "), now)
		return err
	})
}

// Revoke forgets the user's consent for the client.
func (c *ConsentStore) Revoke(ctx context.Context, userID, clientID string) error {
	_, err := c.DB.ExecContext(ctx, `DELETE FROM oauth_consents WHERE user_id = $1 AND client_id = $2`, userID, clientID)
	return err
}
