package server

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/config"
)

func TestNewLogger(t *testing.T) {
	cases := []struct {
		name    string
		cfg     config.Log
		want    string // in the output of one Info line
		wantErr string
	}{
		{"json for production", config.Log{Format: "json", Level: "info"}, `"msg":"hello"`, ""},
		{"text for a terminal", config.Log{Format: "text", Level: "debug"}, `msg=hello`, ""},
		{"level filters", config.Log{Format: "text", Level: "warn"}, ``, ""},
		{"unknown format", config.Log{Format: "xml", Level: "info"}, "", "log.format"},
		{"unknown level", config.Log{Format: "json", Level: "loud"}, "", "log.level"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			logger, err := NewLogger(tc.cfg, &buf)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			logger.Info("hello")
			if tc.want == "" && buf.Len() != 0 || !strings.Contains(buf.String(), tc.want) {
				t.Errorf("output %q, want %q", buf.String(), tc.want)
			}
		})
	}
}
