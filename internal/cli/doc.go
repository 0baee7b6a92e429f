// Package cli holds what the command-line programs (cmd/mijnaccount and
// cmd/absence) share, so that they fail and exit the same way: usage
// errors and their exit status, the root command with its --output flag,
// commands that only group subcommands, printing a result as text or
// JSON, and the version command. It knows nothing of configuration or
// storage; each program loads its own.
package cli
