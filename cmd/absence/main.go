// Command absence runs the absence (verzuim) application, a relying party of
// Mijn Account, and administers its own data.
//
//	absence serve                 run the web application
//	absence migrate               apply the database migrations
//	absence org register|list     pin an organisation's domain, list known ones
//	absence org bsn               allow an employer to record BSNs, or withdraw it
//	absence relation add|end|list service relations between a provider and an employer
//	absence retention list|delete records past their retention term
//
// Configuration comes from ABSENCE_* environment variables (absence help).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// usageError is a mistake in the command line: exit code 2.
type usageError struct{ error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// run executes one command and returns the exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	err := dispatch(ctx, args, getenv, stdout, stderr)
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "absence:", err)
	if _, ok := errors.AsType[usageError](err); ok {
		return 2
	}
	return 1
}

func dispatch(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		usage(stderr)
		return usagef("no command given")
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		return serve(ctx, rest, getenv, stderr)
	case "migrate":
		return migrate(ctx, rest, getenv, stdout)
	case "org":
		return orgCmd(ctx, rest, getenv, stdout)
	case "relation":
		return relationCmd(ctx, rest, getenv, stdout)
	case "retention":
		return retentionCmd(ctx, rest, getenv, stdout)
	case "help", "-h", "--help":
		usage(stdout)
		return nil
	default:
		usage(stderr)
		return usagef("unknown command %q", cmd)
	}
}
