package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// UsageError marks a mistake in how a command was called: an unknown
// command or flag, a bad flag value, a missing required flag or a bad
// configuration. The program exits with status 2.
type UsageError struct{ Err error }

func (u UsageError) Error() string { return u.Err.Error() }
func (u UsageError) Unwrap() error { return u.Err }

// Usagef returns a UsageError with a formatted message.
func Usagef(format string, args ...any) error {
	return UsageError{fmt.Errorf(format, args...)}
}

// IsUsage reports whether err is a usage error: a UsageError anywhere in
// its chain, or one of cobra's own argument errors, which it does not type.
func IsUsage(err error) bool {
	if err == nil {
		return false
	}
	if _, ok := errors.AsType[UsageError](err); ok {
		return true
	}
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "accepts ", "requires at least", "invalid argument"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// ExitCode prints err to stderr after the program's name and maps it to
// the process status: 0 success, 2 usage errors, 1 everything else.
func ExitCode(program string, err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	fmt.Fprintf(stderr, "%s: %v\n", program, err)
	if IsUsage(err) {
		return 2
	}
	return 1
}
