package authz

import (
	"context"
	"time"

	"github.com/ory/fosite"
	"github.com/ory/fosite/handler/oauth2"
	"github.com/ory/fosite/handler/openid"
	"github.com/ory/fosite/handler/pkce"
	fositestorage "github.com/ory/fosite/storage"

	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// codeStorage is the store as fosite uses it, with one change: an
// authorization code's expiry is set from the provider's clock as the code
// is stored. fosite stamps it from the wall clock just before, after the
// code is generated, so tokenStrategy cannot. The PKCE and OpenID Connect
// requests stored after the code share its session and so its expiry.
type codeStorage struct {
	*oauthstore.Store
	now     func() time.Time
	codeTTL time.Duration
}

var (
	_ fosite.ClientManager               = codeStorage{}
	_ oauth2.CoreStorage                 = codeStorage{}
	_ oauth2.TokenRevocationStorage      = codeStorage{}
	_ openid.OpenIDConnectRequestStorage = codeStorage{}
	_ pkce.PKCERequestStorage            = codeStorage{}
	_ fositestorage.Transactional        = codeStorage{}
)

// CreateAuthorizeCodeSession implements oauth2.AuthorizeCodeStorage.
func (s codeStorage) CreateAuthorizeCodeSession(ctx context.Context, signature string, r fosite.Requester) error {
	r.GetSession().SetExpiresAt(fosite.AuthorizeCode, s.now().UTC().Add(s.codeTTL))
	return s.Store.CreateAuthorizeCodeSession(ctx, signature, r)
}
