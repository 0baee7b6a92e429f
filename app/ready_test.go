package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/config"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

type readiness struct {
	Status string            `json:"status"`
	Checks map[string]string `json:"checks"`
}

func ready(t *testing.T, url string) (int, readiness) {
	t.Helper()
	res, err := http.Get(url + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var r readiness
	body, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("readyz body %q: %v", body, err)
	}
	return res.StatusCode, r
}

// TestReadinessFollowsRedisWithoutRestart runs the product on PostgreSQL and a
// private Redis, stops Redis (503 naming redis) and starts it again (200).
func TestReadinessFollowsRedisWithoutRestart(t *testing.T) {
	port := storagetest.FreePort(t)
	stop := storagetest.StartRedis(t, port)
	cfg := config.Defaults()
	cfg.DataDir = t.TempDir()
	cfg.Database.URL = storagetest.PostgresURL(t)
	cfg.Audit.DatabaseURL = "sqlite:" + filepath.Join(cfg.DataDir, "audit.db")
	cfg.Redis.URL = fmt.Sprintf("redis://127.0.0.1:%d/0", port)
	cfg.Password.ArgonMemoryKiB, cfg.Password.ArgonTime = 8192, 1
	a, err := Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	srv := httptest.NewServer(a.Server.Handler())
	defer srv.Close()

	if code, r := ready(t, srv.URL); code != 200 || r.Checks["redis"] != "ok" || r.Checks["database"] != "ok" {
		t.Fatalf("with everything up: %d %+v", code, r)
	}
	stop()
	if code, r := ready(t, srv.URL); code != 503 || r.Checks["redis"] != "unavailable" || r.Checks["database"] != "ok" {
		t.Fatalf("with redis down: %d %+v; want 503 naming redis", code, r)
	}
	storagetest.StartRedis(t, port)
	deadline := time.Now().Add(10 * time.Second)
	for {
		code, r := ready(t, srv.URL)
		if code == 200 && r.Checks["redis"] == "ok" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("redis is back but readyz still says %d %+v", code, r)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestOpenRefusesUnreachableServices checks fail-closed start-up.
func TestOpenRefusesUnreachableServices(t *testing.T) {
	for name, mutate := range map[string]func(*config.Config){
		"postgres": func(c *config.Config) {
			c.Database.URL = "postgres://postgres@127.0.0.1:1/test?sslmode=disable&connect_timeout=1"
		},
		"redis": func(c *config.Config) { c.Redis.URL = "redis://127.0.0.1:1/0" },
	} {
		t.Run(name, func(t *testing.T) {
			cfg := config.Defaults()
			cfg.DataDir = t.TempDir()
			mutate(&cfg)
			if a, err := Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil))); err == nil {
				a.Close()
				t.Fatalf("start-up with %s unreachable must fail", name)
			}
		})
	}
}
