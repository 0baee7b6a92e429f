package main

import (
	"github.com/spf13/cobra"

	"github.com/mijnaccount/mijnaccount/internal/cli"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func newVersionCmd(g *globals) *cobra.Command {
	return cli.NewVersionCmd("absence", version, g.print)
}
