package loadgen

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/mijnaccount/mijnaccount/app"
	"github.com/mijnaccount/mijnaccount/config"
)

// inProcess runs the product in this process on the embedded default
// (SQLite + memory) with the production argon2id parameters, seeded with
// users, so `go test -cpuprofile` shows where a request's time goes.
func inProcess(b *testing.B, users int) *Target {
	b.Helper()
	srv := httptest.NewUnstartedServer(nil)
	issuer := "http://localhost:" + strconv.Itoa(srv.Listener.Addr().(*net.TCPAddr).Port)
	env := []string{"MIJNACCOUNT_DATA_DIR=" + b.TempDir(), "MIJNACCOUNT_ISSUER=" + issuer, "MIJNACCOUNT_LOG_LEVEL=error"}
	ctx := context.Background()
	fx, err := Seed(ctx, env, users)
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := config.Load("", env)
	if err != nil {
		b.Fatal(err)
	}
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	srv.Config.Handler = a.Server.Handler()
	srv.Start()
	b.Cleanup(func() { srv.Close(); a.Close() })
	t, err := NewTarget(issuer, fx)
	if err != nil {
		b.Fatal(err)
	}
	return t
}

// BenchmarkLoginFlow is the loadgen's login scenario in-process: the
// authorization request, password, TOTP, and the code exchange with PKCE.
// Each user may log in three times per fresh TOTP window, so the run is
// capped at three logins per seeded user.
func BenchmarkLoginFlow(b *testing.B) {
	const users = 100
	t := inProcess(b, users)
	ctx := context.Background()
	n := 0
	for b.Loop() {
		if n >= 3*users-10 {
			b.Skip("out of TOTP steps: use -benchtime with fewer iterations")
		}
		if err := t.Login(ctx, 0); err != nil {
			b.Fatal(err)
		}
		n++
	}
}

// BenchmarkClientCredentialsFlow is one client_credentials grant in-process.
func BenchmarkClientCredentialsFlow(b *testing.B) {
	t := inProcess(b, 1)
	ctx := context.Background()
	for b.Loop() {
		if err := t.ClientCredentials(ctx, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRefreshFlow is one refresh-token grant with rotation in-process.
func BenchmarkRefreshFlow(b *testing.B) {
	t := inProcess(b, 1)
	ctx := context.Background()
	if err := t.Login(ctx, 0); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := t.Refresh(ctx, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUserInfoFlow is one /userinfo call with a JWT access token.
func BenchmarkUserInfoFlow(b *testing.B) {
	t := inProcess(b, 1)
	ctx := context.Background()
	if err := t.Login(ctx, 0); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := t.UserInfo(ctx, 0); err != nil {
			b.Fatal(err)
		}
	}
}
