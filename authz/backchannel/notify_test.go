package backchannel_test

import (
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"testing"

	"github.com/go-jose/go-jose/v3"

	"github.com/mijnaccount/mijnaccount/authz/backchannel"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

const (
	subject = "user-7f3a2c"
	sid     = "sess-91c2d4"
)

// checkToken verifies a logout token for clientID and returns its jti.
func checkToken(t *testing.T, k *testKey, raw, clientID, wantSub, wantSid string) string {
	t.Helper()
	tok := k.verify(t, raw)
	if typ := tok.header.ExtraHeaders[jose.HeaderType]; typ != backchannel.TokenType {
		t.Errorf("typ header = %v, want %q", typ, backchannel.TokenType)
	}
	if tok.header.Algorithm != "ES256" || tok.header.KeyID != "es256-test" {
		t.Errorf("alg, kid = %q, %q, want ES256, es256-test", tok.header.Algorithm, tok.header.KeyID)
	}
	c := tok.claims
	want := []string{"aud", "events", "exp", "iat", "iss", "jti"}
	if wantSub != "" {
		want = append(want, "sub")
	}
	if wantSid != "" {
		want = append(want, "sid")
	}
	slices.Sort(want)
	if got := slices.Sorted(maps.Keys(c)); !slices.Equal(got, want) {
		t.Errorf("claims %q, want exactly %q (no nonce)", got, want)
	}
	if c["iss"] != issuer || c["aud"] != clientID {
		t.Errorf("iss, aud = %v, %v, want %s, %s", c["iss"], c["aud"], issuer, clientID)
	}
	if wantSub != "" && c["sub"] != wantSub {
		t.Errorf("sub = %v, want %s", c["sub"], wantSub)
	}
	if wantSid != "" && c["sid"] != wantSid {
		t.Errorf("sid = %v, want %s", c["sid"], wantSid)
	}
	events, ok := c["events"].(map[string]any)
	if !ok || len(events) != 1 {
		t.Errorf("events = %v, want one event", c["events"])
	} else if ev, ok := events[backchannel.EventBackchannelLogout].(map[string]any); !ok || len(ev) != 0 {
		t.Errorf("events = %v, want {%q: {}}", events, backchannel.EventBackchannelLogout)
	}
	iat, err1 := c["iat"].(json.Number).Int64()
	exp, err2 := c["exp"].(json.Number).Int64()
	if err1 != nil || err2 != nil || iat != fixedNow.Unix() || exp-iat != 120 {
		t.Errorf("iat, exp = %v, %v, want %d and two minutes later", c["iat"], c["exp"], fixedNow.Unix())
	}
	jti, _ := c["jti"].(string)
	if len(jti) < 16 {
		t.Errorf("jti = %q, want a random id", jti)
	}
	return jti
}

// wantOK fails unless results are successes for ids, in order, with the
// given statuses after one attempt each.
func wantOK(t *testing.T, results []backchannel.Result, ids []string, statuses []int) {
	t.Helper()
	if len(results) != len(ids) {
		t.Fatalf("%d results, want %d: %+v", len(results), len(ids), results)
	}
	for i, r := range results {
		if r.ClientID != ids[i] || r.Err != nil || r.Status != statuses[i] || r.Attempts != 1 {
			t.Errorf("result %d = %+v, want %s answering %d at the first attempt", i, r, ids[i], statuses[i])
		}
	}
}

func TestNotifySendsOneVerifiedTokenPerClient(t *testing.T) {
	k := newTestKey(t)
	a, b, c := newRP(t, answer(200)), newRP(t, answer(204)), newRP(t, answer(200))
	tg := &targets{clients: []oauthstore.Client{
		a.client("web"), b.client("portal"), {ID: "no-uri", Name: "no-uri"}, c.client("api"),
	}}
	n := newNotifier(k.signer(), tg)

	jtis := map[string]bool{}
	for round := 1; round <= 2; round++ {
		results, err := n.Notify(t.Context(), subject, sid)
		if err != nil {
			t.Fatal(err)
		}
		wantOK(t, results, []string{"web", "portal", "api"}, []int{200, 204, 200})
		for _, x := range []struct {
			rp *rp
			id string
		}{{a, "web"}, {b, "portal"}, {c, "api"}} {
			tokens := x.rp.tokens(t)
			if len(tokens) != round {
				t.Fatalf("round %d: %s received %d requests in all, want %d", round, x.id, len(tokens), round)
			}
			jti := checkToken(t, k, tokens[round-1], x.id, subject, sid)
			if jtis[jti] {
				t.Errorf("jti %q used twice", jti)
			}
			jtis[jti] = true
		}
	}
	if want := [][2]string{{subject, sid}, {subject, sid}}; !slices.Equal(tg.calls, want) {
		t.Errorf("LogoutTargets calls = %q, want %q", tg.calls, want)
	}
}

func TestNotifySubjectOrSession(t *testing.T) {
	for _, tc := range []struct{ name, sub, sid string }{
		{"subject only", subject, ""},
		{"session only", "", sid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := newTestKey(t)
			p := newRP(t, answer(200))
			n := newNotifier(k.signer(), &targets{clients: []oauthstore.Client{p.client("web")}})
			results, err := n.Notify(t.Context(), tc.sub, tc.sid)
			if err != nil {
				t.Fatal(err)
			}
			wantOK(t, results, []string{"web"}, []int{200})
			tokens := p.tokens(t)
			if len(tokens) != 1 {
				t.Fatalf("%d requests, want 1", len(tokens))
			}
			checkToken(t, k, tokens[0], "web", tc.sub, tc.sid)
		})
	}
}

func TestNotifyWithoutTargetsSendsNothing(t *testing.T) {
	k := newTestKey(t)
	signer := &counting{Signer: k.signer()}
	for _, clients := range [][]oauthstore.Client{nil, {{ID: "no-uri", Name: "no-uri"}}} {
		results, err := newNotifier(signer, &targets{clients: clients}).Notify(t.Context(), subject, sid)
		if err != nil || len(results) != 0 {
			t.Fatalf("Notify with clients %v = %+v, %v; want nothing", clients, results, err)
		}
	}
	if signer.n.Load() != 0 {
		t.Fatalf("%d tokens signed, want none", signer.n.Load())
	}
}

func TestNotifyErrors(t *testing.T) {
	k := newTestKey(t)
	p := newRP(t, answer(200))
	broken := errors.New("database down")
	signer := &counting{Signer: k.signer()}
	ok := &targets{clients: []oauthstore.Client{p.client("web")}}

	results, err := newNotifier(signer, &targets{err: broken}).Notify(t.Context(), subject, sid)
	if !errors.Is(err, broken) || results != nil {
		t.Errorf("Notify with failing targets = %v, %v; want the targets' error", results, err)
	}
	if _, err := newNotifier(signer, ok).Notify(t.Context(), "", ""); err == nil {
		t.Error("Notify without subject and sid succeeded")
	}
	if len(ok.calls) != 0 {
		t.Errorf("targets asked %q without subject and sid", ok.calls)
	}
	for name, n := range map[string]*backchannel.Notifier{
		"issuer":  {Signer: signer, Targets: ok},
		"signer":  {Issuer: issuer, Targets: ok},
		"targets": {Issuer: issuer, Signer: signer},
	} {
		if _, err := n.Notify(t.Context(), subject, sid); err == nil {
			t.Errorf("Notify without %s succeeded", name)
		}
	}
	if signer.n.Load() != 0 || len(p.received()) != 0 {
		t.Fatalf("%d tokens signed and %d sent, want none", signer.n.Load(), len(p.received()))
	}
}
