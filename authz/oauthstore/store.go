package oauthstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/ory/fosite"
	"github.com/ory/fosite/handler/oauth2"
	"github.com/ory/fosite/handler/openid"
	"github.com/ory/fosite/handler/pkce"
	fositestorage "github.com/ory/fosite/storage"
	"github.com/ory/fosite/token/jwt"

	"github.com/mijnaccount/mijnaccount/storage"
)

// Store keeps clients, JTIs and fosite requests in the tables of migration
// 0006_oauth. It is safe for concurrent use.
type Store struct {
	db         *storage.DB
	now        func() time.Time
	sessionID  func(fosite.Session) string
	newSession func() fosite.Session
}

var (
	_ fosite.ClientManager               = (*Store)(nil)
	_ oauth2.AuthorizeCodeStorage        = (*Store)(nil)
	_ oauth2.AccessTokenStorage          = (*Store)(nil)
	_ oauth2.RefreshTokenStorage         = (*Store)(nil)
	_ oauth2.CoreStorage                 = (*Store)(nil)
	_ oauth2.TokenRevocationStorage      = (*Store)(nil)
	_ openid.OpenIDConnectRequestStorage = (*Store)(nil)
	_ pkce.PKCERequestStorage            = (*Store)(nil)
	_ fositestorage.Transactional        = (*Store)(nil)
)

// Option configures a Store.
type Option func(*Store)

// WithSessionID sets how the login session id (the OpenID Connect "sid") is
// read from a fosite session. It is stored with every request so that
// RevokeSession can find the tokens of one login session; without it the
// column stays empty and RevokeSession finds nothing.
func WithSessionID(extract func(fosite.Session) string) Option {
	return func(s *Store) { s.sessionID = extract }
}

// WithEmptySession sets the session type a stored session is read into when
// fosite passes none (token revocation does). The default is an empty
// *openid.DefaultSession.
func WithEmptySession(newSession func() fosite.Session) Option {
	return func(s *Store) { s.newSession = newSession }
}

// New returns a store on db, which must carry storage.Schema. now gives the
// time used for created_at, secret rotation and JTI expiry (time.Now if nil).
func New(db *storage.DB, now func() time.Time, opts ...Option) *Store {
	if now == nil {
		now = time.Now
	}
	s := &Store{db: db, now: now, newSession: defaultSession}
	for _, opt := range opts {
		opt(s)
	}
	return s
}

func defaultSession() fosite.Session {
	return &openid.DefaultSession{Claims: &jwt.IDTokenClaims{}, Headers: &jwt.Headers{}}
}

// txKey is the context key of the transaction BeginTX opens.
type txKey struct{}

func txFrom(ctx context.Context) *sql.Tx {
	tx, _ := ctx.Value(txKey{}).(*sql.Tx)
	return tx
}

// q returns the transaction of ctx, if any, else the pool.
func (s *Store) q(ctx context.Context) storage.Querier {
	if tx := txFrom(ctx); tx != nil {
		return tx
	}
	return s.db
}

// inTx runs fn in the transaction of ctx, or in a new one that the context
// passed to fn carries (so s.q within fn uses it).
func (s *Store) inTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if txFrom(ctx) != nil {
		return fn(ctx)
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error { return fn(context.WithValue(ctx, txKey{}, tx)) })
}

var errNoTx = errors.New("oauthstore: no transaction in context")

// BeginTX implements fosite's storage.Transactional: fosite wraps the writes
// of a token exchange and of a refresh-token rotation in one transaction, so
// a failure leaves no half-issued tokens. Every Store method called with the
// returned context joins the transaction.
func (s *Store) BeginTX(ctx context.Context) (context.Context, error) {
	if txFrom(ctx) != nil {
		return ctx, errors.New("oauthstore: transaction already open")
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return ctx, err
	}
	return context.WithValue(ctx, txKey{}, tx), nil
}

// Commit implements fosite's storage.Transactional.
func (s *Store) Commit(ctx context.Context) error {
	tx := txFrom(ctx)
	if tx == nil {
		return errNoTx
	}
	return tx.Commit()
}

// Rollback implements fosite's storage.Transactional. Rolling back a finished
// transaction is not an error.
func (s *Store) Rollback(ctx context.Context) error {
	tx := txFrom(ctx)
	if tx == nil {
		return errNoTx
	}
	if err := tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return err
	}
	return nil
}

// micros returns the store's current time in storage form.
func (s *Store) micros() int64 { return storage.Micros(s.now()) }

// roundTime truncates t to microseconds in UTC, as stored.
func roundTime(t time.Time) time.Time { return storage.FromMicros(storage.Micros(t)) }
