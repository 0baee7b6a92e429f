package rediskv

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/conformance"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

func TestConformance(t *testing.T) {
	conformance.RunKVTests(t, func(t *testing.T) storage.KV {
		s, err := Open(t.Context(), storagetest.RedisURL(), storagetest.RedisPrefix(t))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestKeysCarryThePrefix(t *testing.T) {
	prefix := storagetest.RedisPrefix(t)
	opt, err := redis.ParseURL(storagetest.RedisURL())
	if err != nil {
		t.Fatal(err)
	}
	raw := redis.NewClient(opt)
	defer raw.Close()
	s := New(raw, prefix)
	ctx := t.Context()
	_ = s.Set(ctx, "v", []byte("x"), time.Minute)
	_, _ = s.Incr(ctx, "n", time.Minute)
	_ = s.SetAdd(ctx, "s", "m", time.Minute)
	for _, k := range []string{"v", "n", "s"} {
		if n, err := raw.Exists(ctx, prefix+k).Result(); err != nil || n != 1 {
			t.Errorf("key %q not stored under the prefix: %d, %v", k, n, err)
		}
	}
	if err := s.Close(); err != nil || raw.Ping(ctx).Err() != nil {
		t.Fatal("Close of a store made by New must leave the caller's client open")
	}
}

// TestDownRedisFailsClosed checks that a connection error never reads as a
// missing key: a caller that saw ErrNotFound could accept a replayed code.
func TestDownRedisFailsClosed(t *testing.T) {
	c := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1, DialerRetries: 1, DialTimeout: time.Second})
	t.Cleanup(func() { c.Close() })
	s := New(c, "down:")
	ctx := t.Context()
	ops := map[string]func() error{
		"Get":              func() error { _, err := s.Get(ctx, "k"); return err },
		"Take":             func() error { _, err := s.Take(ctx, "k"); return err },
		"Incr":             func() error { _, err := s.Incr(ctx, "k", time.Minute); return err },
		"TTL":              func() error { _, err := s.TTL(ctx, "k"); return err },
		"SetNX":            func() error { _, err := s.SetNX(ctx, "k", []byte("v"), time.Minute); return err },
		"CompareAndDelete": func() error { _, err := s.CompareAndDelete(ctx, "k", []byte("v")); return err },
		"SetMembers":       func() error { _, err := s.SetMembers(ctx, "k"); return err },
		"Set":              func() error { return s.Set(ctx, "k", []byte("v"), time.Minute) },
		"Ping":             func() error { return s.Ping(ctx) },
	}
	for name, op := range ops {
		err := op()
		if err == nil || errors.Is(err, storage.ErrNotFound) || errors.Is(err, storage.ErrNotCounter) {
			t.Errorf("%s on a down Redis = %v; want a connection error", name, err)
		}
	}
}

func TestOpenExplainsBadURLs(t *testing.T) {
	tests := []struct {
		name, url, want string
	}{
		{"empty", "", "empty Redis URL"},
		{"wrong scheme", "http://127.0.0.1:6379", `unsupported Redis URL scheme "http"`},
		{"no scheme", "127.0.0.1:6379", "Redis URL"},
		{"malformed", "redis://user:s3cret@[bad", "malformed Redis URL"},
		{"bad database", "redis://127.0.0.1:6379/notanumber", "invalid Redis URL"},
		{"unreachable", "redis://:s3cret@127.0.0.1:1/0", "cannot reach Redis at 127.0.0.1:1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()
			s, err := Open(ctx, tc.url, "")
			if err == nil {
				s.Close()
				t.Fatalf("Open(%q) succeeded", tc.url)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Open(%q) = %q; want it to say %q", tc.url, err, tc.want)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error %q reveals the password", err)
			}
		})
	}
}
