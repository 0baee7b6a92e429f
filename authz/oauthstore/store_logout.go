package oauthstore

import (
	"context"
	"errors"
)

// LogoutTargets returns the clients to notify when a login session ends: the
// clients with a back-channel logout URI that hold, or held, tokens of the
// login session sid, or of the user subject when sid is "". When both are
// given a row must match both. Any stored row counts (code, token, PKCE or
// OpenID Connect request), active or not, unless it has expired; rows without
// expiry (stored by older versions, see Cleanup) count until Cleanup removes
// them. Each client appears once, ordered by id; clients
// without a back-channel logout URI are left out.
//
// Finding clients by sid needs the extractor given with WithSessionID, as
// RevokeSession does. Call it before revoking the session: revocation deletes
// access tokens, and a client that held nothing else would no longer be found.
func (s *Store) LogoutTargets(ctx context.Context, subject, sid string) ([]Client, error) {
	var (
		cond string
		args []any
	)
	switch {
	case sid != "" && subject != "":
		cond, args = `r.session_id = $2 AND r.subject = $3`, []any{sid, subject}
	case sid != "":
		cond, args = `r.session_id = $2`, []any{sid}
	case subject != "":
		cond, args = `r.subject = $2`, []any{subject}
	default:
		return nil, errors.New("oauthstore: LogoutTargets needs a subject or a session id")
	}
	args = append([]any{s.micros()}, args...)
	rows, err := s.q(ctx).QueryContext(ctx, `SELECT `+clientColumns+` FROM oauth_clients
		WHERE backchannel_logout_uri <> '' AND id IN (
			SELECT r.client_id FROM oauth_requests r
			WHERE (r.expires_at = 0 OR r.expires_at > $1) AND `+cond+`)
		ORDER BY id`, args...)
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
