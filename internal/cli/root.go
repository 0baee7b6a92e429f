package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// NewRoot returns a program's root command. Errors are not printed by
// cobra (ExitCode prints them once) and no usage text follows an error;
// flag errors are usage errors. The persistent --output flag is bound to
// output (default text) and checked before every command against formats,
// which returns the formats the command accepts (nil: text and json).
// The root command itself, run without a command, is a usage error.
func NewRoot(use, short string, stdout, stderr io.Writer, output *string, formats func(*cobra.Command) []string) *cobra.Command {
	root := &cobra.Command{
		Use:           use,
		Short:         short,
		RunE:          NeedCommand,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			allowed := []string{"text", "json"}
			if formats != nil {
				if f := formats(cmd); f != nil {
					allowed = f
				}
			}
			if !slices.Contains(allowed, *output) {
				return Usagef("--output must be %s, not %q", orList(allowed), *output)
			}
			return nil
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return UsageError{err} })
	root.PersistentFlags().StringVarP(output, "output", "o", "text", "output format: text or json")
	// A group runs only to say that it needs a command: its usage shows
	// "prog group [command]", not "prog group [flags]".
	root.SetUsageTemplate(strings.Replace(root.UsageTemplate(), "{{if .Runnable}}", "{{if and .Runnable (not .HasAvailableSubCommands)}}", 1))
	return root
}

// NeedCommand is the RunE of a command that only groups subcommands: run
// without one, or with an unknown one, it is a usage error naming them.
func NeedCommand(cmd *cobra.Command, args []string) error {
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() && c.Name() != "completion" {
			names = append(names, c.Name())
		}
	}
	if len(args) > 0 {
		if cmd.SuggestionsMinimumDistance <= 0 {
			cmd.SuggestionsMinimumDistance = 2 // cobra's default for the root
		}
		msg := fmt.Sprintf("unknown command %q for %q; want %s", args[0], cmd.CommandPath(), orList(names))
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
			msg += "; did you mean " + orList(s) + "?"
		}
		return UsageError{errors.New(msg)}
	}
	return Usagef("%s needs a command: %s (see %s --help)", cmd.CommandPath(), orList(names), cmd.CommandPath())
}

// Group returns a command that only groups subs.
func Group(use, short string, subs ...*cobra.Command) *cobra.Command {
	cmd := &cobra.Command{Use: use, Short: short, Args: cobra.ArbitraryArgs, RunE: NeedCommand}
	cmd.AddCommand(subs...)
	return cmd
}

// Context returns the command's context, never nil.
func Context(cmd *cobra.Command) context.Context {
	if ctx := cmd.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}

func orList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}
