package storage_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/memkv"
	"github.com/mijnaccount/mijnaccount/storage/rediskv"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

// BenchmarkKV measures Set then Get of a session-sized value, and Take of a
// single-use value, on the in-memory store and on Redis.
func BenchmarkKV(b *testing.B) {
	stores := map[string]func(b *testing.B) storage.KV{
		"memory": func(*testing.B) storage.KV { return memkv.New(time.Now) },
		"redis": func(b *testing.B) storage.KV {
			s, err := rediskv.Open(context.Background(), storagetest.RedisURL(), storagetest.RedisPrefix(b))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { s.Close() })
			return s
		},
	}
	value := make([]byte, 512)
	for name, open := range stores {
		kv := open(b)
		ctx := context.Background()
		b.Run(name+"/SetGet", func(b *testing.B) {
			i := 0
			for b.Loop() {
				key := fmt.Sprintf("session:%d", i%1000)
				if err := kv.Set(ctx, key, value, time.Minute); err != nil {
					b.Fatal(err)
				}
				if _, err := kv.Get(ctx, key); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run(name+"/SetTake", func(b *testing.B) {
			i := 0
			for b.Loop() {
				key := fmt.Sprintf("code:%d", i)
				if err := kv.Set(ctx, key, value, time.Minute); err != nil {
					b.Fatal(err)
				}
				if _, err := kv.Take(ctx, key); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
