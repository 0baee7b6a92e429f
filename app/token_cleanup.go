package app

import (
	"context"
	"time"
)

// tokenCleanupMargin is how long the rows of expired codes and tokens stay
// after their expiry: a used code or rotated refresh token is recognised as
// reused (and its family revoked) only while its row exists.
const tokenCleanupMargin = 24 * time.Hour

// CleanupTokens deletes the stored codes, tokens and client-assertion JTIs
// that expired more than a day ago, and returns how many rows went. Every
// instance may run it: deleting is idempotent.
func (a *App) CleanupTokens(ctx context.Context) (int64, error) {
	return a.OAuth.Cleanup(ctx, a.Now().Add(-tokenCleanupMargin))
}

// cleanupTokens is the job form of CleanupTokens; a failure is logged for
// the next run to retry.
func (a *App) cleanupTokens(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, jobInterval)
	defer cancel()
	n, err := a.CleanupTokens(ctx)
	if err != nil {
		a.Log.Error("expired tokens not cleaned up", "err", err)
	} else if n > 0 {
		a.Log.Info("expired tokens cleaned up", "rows", n)
	}
}
