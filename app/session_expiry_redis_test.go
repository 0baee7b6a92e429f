package app_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app/apptest"
	"github.com/mijnaccount/mijnaccount/config"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// TestExpiryJobSurvivesRedisRefusing: while the private Redis of the
// product refuses every client (a password is set and the product's
// connections are dropped), the job reports an error and ends nothing; once
// Redis answers again, the next run ends the session and the relying party
// gets its one logout token.
func TestExpiryJobSurvivesRedisRefusing(t *testing.T) {
	port := storagetest.FreePort(t)
	storagetest.StartRedis(t, port)
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	env := apptest.New(t, "postgres", func(c *config.Config) { c.Redis.URL = "redis://" + addr + "/0" })
	admin := redis.NewClient(&redis.Options{Addr: addr, PoolSize: 1, MinIdleConns: 1})
	t.Cleanup(func() { admin.Close() })
	org := env.Org(t, "Uitval BV", account.Werkgever)
	u := env.User(t, org, "uitval@uitval.example", goodPassword)
	r := newRP(t, env, "verzuim")
	sid := rpSession(t, env, env.Browser(t), r, u.Email)
	env.Clock.Advance(31 * time.Minute)

	// Redis goes away for the product: new connections must authenticate,
	// existing ones (not the admin's own) are closed.
	ctx := t.Context()
	if err := admin.ConfigSet(ctx, "requirepass", "closed-for-the-test").Err(); err != nil {
		t.Fatal(err)
	}
	if err := admin.Do(ctx, "CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes").Err(); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		n, err := env.App.ExpireSessions(ctx)
		if err == nil || n != 0 {
			t.Fatalf("with Redis refusing the job ended %d sessions, err %v; want an error and none", n, err)
		}
	}
	if got := logoutClaims(t, env, r); len(got) != 0 {
		t.Fatalf("logout tokens while Redis refused: %v", got)
	}

	if err := admin.ConfigSet(ctx, "requirepass", "").Err(); err != nil {
		t.Fatal(err)
	}
	if n := expire(t, env.App); n != 1 {
		t.Fatalf("after Redis came back the job ended %d sessions, want 1", n)
	}
	wantOneLogout(t, logoutClaims(t, env, r), u.ID, sid)
}
