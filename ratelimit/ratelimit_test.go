package ratelimit

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/memkv"
	"github.com/mijnaccount/mijnaccount/storage/rediskv"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

func backends(t *testing.T) map[string]storage.KV {
	r, err := rediskv.Open(context.Background(), storagetest.RedisURL(), storagetest.RedisPrefix(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return map[string]storage.KV{"memory": memkv.New(nil), "redis": r}
}

func TestLimitPerSubject(t *testing.T) {
	ctx := context.Background()
	rule := Rule{Name: "test", Max: 3, Window: time.Minute}
	for name, kv := range backends(t) {
		t.Run(name, func(t *testing.T) {
			l := New(kv)
			for i := 1; i <= 3; i++ {
				d, err := l.Hit(ctx, rule, "203.0.113.9")
				if err != nil || !d.Allowed || d.Count != int64(i) {
					t.Fatalf("hit %d = %+v, %v", i, d, err)
				}
			}
			if d, _ := l.Check(ctx, rule, "203.0.113.9"); d.Allowed {
				t.Fatal("Check after the limit must refuse")
			}
			d, err := l.Hit(ctx, rule, "203.0.113.9")
			if err != nil || d.Allowed || d.RetryAfter <= 0 || d.RetryAfter > time.Minute {
				t.Fatalf("4th hit = %+v, %v", d, err)
			}
			if d, _ := l.Check(ctx, rule, "198.51.100.1"); !d.Allowed || d.Count != 0 {
				t.Fatalf("another subject is not limited: %+v", d)
			}
			if err := l.Reset(ctx, rule, "203.0.113.9"); err != nil {
				t.Fatal(err)
			}
			if d, _ := l.Check(ctx, rule, "203.0.113.9"); !d.Allowed {
				t.Fatal("Reset must clear the count")
			}
		})
	}
}

func TestSubjectsNeverAppearInKeys(t *testing.T) {
	k := key(Rule{Name: "login-email"}, "piet@example.nl")
	if strings.Contains(k, "piet") || strings.Contains(k, "example") {
		t.Fatalf("key %q leaks the subject", k)
	}
}

func TestStoreDownFailsClosed(t *testing.T) {
	l := New(rediskv.New(redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1}), ""))
	rule := Rule{Name: "x", Max: 1, Window: time.Minute}
	if _, err := l.Hit(context.Background(), rule, "s"); err == nil {
		t.Fatal("Hit on a down store must be an error")
	}
	if _, err := l.Check(context.Background(), rule, "s"); err == nil {
		t.Fatal("Check on a down store must be an error")
	}
}

func TestRuleNeedsPositiveBounds(t *testing.T) {
	if _, err := New(memkv.New(nil)).Hit(context.Background(), Rule{Name: "bad"}, "s"); err == nil {
		t.Fatal("a rule without max/window must be refused")
	}
}
