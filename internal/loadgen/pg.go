package loadgen

import (
	"context"
	"fmt"
	"net/url"
	"os/exec"
	"strings"
)

// createDatabase creates db with psql on the admin connection and returns
// the database's URL and a function that drops it.
func createDatabase(ctx context.Context, admin, db string) (string, func(), error) {
	u, err := url.Parse(admin)
	if err != nil {
		return "", nil, err
	}
	if err := CheckLoopback("http://" + u.Host); err != nil {
		return "", nil, fmt.Errorf("postgres: %w", err)
	}
	psql := func(ctx context.Context, sql string) error {
		out, err := exec.CommandContext(ctx, "psql", admin, "-v", "ON_ERROR_STOP=1", "-qc", sql).CombinedOutput()
		if err != nil {
			return fmt.Errorf("psql %q: %v: %s", sql, err, strings.TrimSpace(string(out)))
		}
		return nil
	}
	if err := psql(ctx, "CREATE DATABASE "+db); err != nil {
		return "", nil, err
	}
	dbURL := *u
	dbURL.Path = "/" + db
	drop := func() { _ = psql(context.Background(), "DROP DATABASE IF EXISTS "+db+" WITH (FORCE)") }
	return dbURL.String(), drop, nil
}

// clearRedis deletes the keys under prefix.
func clearRedis(redisURL, prefix string) {
	keys, err := exec.Command("redis-cli", "-u", redisURL, "--scan", "--pattern", prefix+"*").Output()
	if err != nil || len(keys) == 0 {
		return
	}
	args := append([]string{"-u", redisURL, "del"}, strings.Fields(string(keys))...)
	_ = exec.Command("redis-cli", args...).Run()
}
