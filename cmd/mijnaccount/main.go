// Command mijnaccount runs the Mijn Account identity provider and its admin
// commands. It only wires packages together; behaviour lives in them.
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
	err := newRootCmd(os.Stdout, os.Stderr, os.Environ()).ExecuteContext(ctx)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// exitCode prints err and maps it to the process status: 0 success, 2 usage
// errors (unknown commands or flags, bad values, bad configuration), 1
// everything else.
func exitCode(err error, stderr io.Writer) int {
	return cli.ExitCode("mijnaccount", err, stderr)
}
