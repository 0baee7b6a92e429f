package helpdesk

import (
	"context"
	"slices"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/portal"
)

// Scope is the set of organisations whose users a viewer may see and act on.
type Scope struct {
	Helpdesk bool            // the viewer acts as helpdesk (else as org admin)
	All      bool            // a platform helpdesk: every organisation
	Orgs     map[string]bool // otherwise these
	Rights   []string        // the viewer's platform rights
}

// Contains reports whether users of orgID are in scope.
func (s Scope) Contains(orgID string) bool { return s.All || s.Orgs[orgID] }

// May reports whether the viewer may start action a.
func (s Scope) May(a Action) bool { return mayDo(a, s.Rights) }

// orgAdminRights are the rights that make an org admin a user of the console.
var orgAdminRights = []string{account.RightFactorsResetRequest, account.RightUsersBlock, account.RightUsersInvite}

// ScopeOf returns the viewer's scope and whether the viewer may use the
// console at all. A holder of helpdesk.act serves their own organisation and
// every organisation below it, or every organisation when their own is one
// of platformOrgs; an org admin serves their own organisation.
func ScopeOf(ctx context.Context, accounts Accounts, platformOrgs []string, v portal.Viewer) (Scope, bool, error) {
	sc := Scope{Rights: account.EffectivePlatformRights(v.Roles), Orgs: map[string]bool{v.Org.ID: true}}
	if !slices.Contains(sc.Rights, account.RightHelpdeskAct) {
		for _, r := range orgAdminRights {
			if slices.Contains(sc.Rights, r) {
				return sc, true, nil
			}
		}
		return Scope{}, false, nil
	}
	sc.Helpdesk = true
	if slices.Contains(platformOrgs, v.Org.ID) {
		sc.All = true
		return sc, true, nil
	}
	below, err := accounts.Descendants(ctx, v.Org.ID)
	if err != nil {
		return Scope{}, false, err
	}
	for _, id := range below {
		sc.Orgs[id] = true
	}
	return sc, true, nil
}
