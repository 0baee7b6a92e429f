package backchannel_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/ory/fosite"

	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// clientSource is a ClientSource over fixed clients, recording the ids asked.
type clientSource struct {
	clients map[string]oauthstore.Client
	err     error
	mu      sync.Mutex
	asked   []string
}

func (f *clientSource) GetOAuthClient(_ context.Context, id string) (oauthstore.Client, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, id)
	if f.err != nil {
		return oauthstore.Client{}, f.err
	}
	c, ok := f.clients[id]
	if !ok {
		return oauthstore.Client{}, fosite.ErrNotFound
	}
	return c, nil
}

// TestNotifySessionAddsTheSessionsClients: a client the session gave a code
// to is notified even when Targets no longer finds it (its tokens expired);
// a client both name is notified once; deleted clients and clients without
// a back-channel URI are skipped.
func TestNotifySessionAddsTheSessionsClients(t *testing.T) {
	k := newTestKey(t)
	web, portal := newRP(t, answer(200)), newRP(t, answer(204))
	n := newNotifier(k.signer(), &targets{clients: []oauthstore.Client{web.client("web")}})
	src := &clientSource{clients: map[string]oauthstore.Client{
		"web": web.client("web"), "portal": portal.client("portal"), "no-uri": {ID: "no-uri", Name: "no-uri"},
	}}
	n.Clients = src

	results, err := n.NotifySession(t.Context(), subject, sid, []string{"portal", "web", "deleted", "no-uri", "portal"})
	if err != nil {
		t.Fatal(err)
	}
	wantOK(t, results, []string{"web", "portal"}, []int{200, 204})
	for _, x := range []struct {
		rp *rp
		id string
	}{{web, "web"}, {portal, "portal"}} {
		tokens := x.rp.tokens(t)
		if len(tokens) != 1 {
			t.Fatalf("%s received %d tokens, want 1", x.id, len(tokens))
		}
		checkToken(t, k, tokens[0], x.id, subject, sid)
	}
	if want := []string{"portal", "deleted", "no-uri"}; !slices.Equal(src.asked, want) {
		t.Errorf("clients loaded %q, want %q (web was found already, portal once)", src.asked, want)
	}
}

func TestNotifySessionErrorsSendNothing(t *testing.T) {
	k := newTestKey(t)
	p := newRP(t, answer(200))
	signer := &counting{Signer: k.signer()}
	broken := errors.New("database down")
	for name, src := range map[string]*clientSource{
		"client lookup fails": {err: broken},
		"no client source":    nil,
	} {
		t.Run(name, func(t *testing.T) {
			n := newNotifier(signer, &targets{clients: []oauthstore.Client{p.client("web")}})
			if src != nil {
				n.Clients = src
			}
			results, err := n.NotifySession(t.Context(), subject, sid, []string{"portal"})
			if err == nil || results != nil {
				t.Fatalf("NotifySession = %v, %v; want an error", results, err)
			}
			if src != nil && !errors.Is(err, broken) {
				t.Errorf("error %v does not wrap the lookup's", err)
			}
		})
	}
	if signer.n.Load() != 0 || len(p.received()) != 0 {
		t.Fatalf("%d tokens signed and %d sent, want none", signer.n.Load(), len(p.received()))
	}
}

func TestNotifySessionAsyncReachesNamedClients(t *testing.T) {
	k := newTestKey(t)
	p := newRP(t, answer(200))
	var logs logBuffer
	n := newNotifier(k.signer(), &targets{})
	n.Clients = &clientSource{clients: map[string]oauthstore.Client{"web": p.client("web")}}
	n.Log = logs.logger()
	ids := []string{"web"}
	n.NotifySessionAsync(t.Context(), subject, sid, ids)
	ids[0] = "changed" // the caller's slice is not read later
	n.Wait()
	wantLine(t, logs.lines(t), "web", "INFO", 200, 1)
	tokens := p.tokens(t)
	if len(tokens) != 1 {
		t.Fatalf("%d requests, want 1", len(tokens))
	}
	checkToken(t, k, tokens[0], "web", subject, sid)
	wantNoPersonalData(t, logs.String(), tokens...)
}
