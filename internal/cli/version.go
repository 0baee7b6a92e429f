package cli

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// VersionInfo is what `version --output json` prints.
type VersionInfo struct {
	Version string `json:"version"`
	Go      string `json:"go"`
	Commit  string `json:"commit,omitempty"`
}

// NewVersionCmd returns the version command of program: version (set at
// build time with -ldflags "-X main.version=…"), the Go release and the
// VCS revision the binary was built from, printed by print.
func NewVersionCmd(program, version string, print func(v any, text func(w io.Writer)) error) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			v := VersionInfo{Version: version, Go: runtime.Version()}
			if info, ok := debug.ReadBuildInfo(); ok {
				for _, s := range info.Settings {
					if s.Key == "vcs.revision" {
						v.Commit = s.Value
					}
				}
			}
			return print(v, func(w io.Writer) { fmt.Fprintf(w, "%s %s (%s)\n", program, v.Version, v.Go) })
		},
	}
}
