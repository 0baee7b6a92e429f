package cli

import (
	"encoding/json"
	"io"
)

// Print writes v to w as indented JSON when format is "json", and
// otherwise lets text write it.
func Print(w io.Writer, format string, v any, text func(w io.Writer)) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	text(w)
	return nil
}
