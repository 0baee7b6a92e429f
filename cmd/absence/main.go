// Command absence runs the absence (verzuim) application, a relying party of
// Mijn Account, and administers its own data. It only wires packages
// together; behaviour lives in them.
//
//	absence serve                 run the web application
//	absence migrate               apply the database migrations
//	absence org register|bsn|list pin an organisation's domain, its BSN permission, list known ones
//	absence relation add|end|list service relations between a provider and an employer
//	absence retention list|delete records past their retention term
//	absence version               the version and the Go release it was built with
//
// Configuration comes from ABSENCE_* environment variables (absence --help).
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/mijnaccount/mijnaccount/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command line and returns the exit status: 0 success,
// 2 usage errors (unknown commands or flags, bad values, bad
// configuration), 1 everything else.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	root := newRootCmd(getenv, stdout, stderr)
	root.SetArgs(args)
	return cli.ExitCode("absence", root.ExecuteContext(ctx), stderr)
}
