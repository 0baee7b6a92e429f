package audit_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

func TestExportJSONL(t *testing.T) {
	ctx := context.Background()
	store := audit.NewSQLStore(storagetest.OpenSQLite(t, audit.Migrations))
	cet := time.FixedZone("CET", 3600)
	ipHash := audit.HashIP([]byte("0123456789abcdef0123456789abcdef"), "192.0.2.1")
	first, err := store.Append(ctx, audit.Event{
		Time: time.Date(2025, 1, 17, 10, 30, 0, 123456789, cet), ActorID: "acct_1",
		Action: "absence.view", TargetType: "absence", TargetID: "abs-1", OrgID: "org-1",
		Outcome: audit.OutcomeSuccess, RequestID: "req-1", IPHash: ipHash, Reason: "INC-1",
	})
	if err != nil {
		t.Fatal(err)
	}
	second, err := store.Append(ctx, audit.Event{
		Time: time.Date(2025, 1, 18, 8, 0, 0, 0, time.UTC), Action: "login.password", Outcome: audit.OutcomeFailure,
	})
	if err != nil {
		t.Fatal(err)
	}

	var buf bytes.Buffer
	n, err := audit.ExportJSONL(ctx, store, &buf, time.Time{})
	if err != nil || n != 2 {
		t.Fatalf("export = %d, %v; want 2 events", n, err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("export has %d lines, want 2:\n%s", len(lines), buf.String())
	}
	want := []map[string]any{
		{
			"seq": 1.0, "time": "2025-01-17T09:30:00.123456Z", "actor_id": "acct_1",
			"action": "absence.view", "target_type": "absence", "target_id": "abs-1", "org_id": "org-1",
			"outcome": "success", "request_id": "req-1", "ip_hash": ipHash, "reason": "INC-1",
			"prev_hash": audit.GenesisHash, "hash": first.Hash,
		},
		{
			"seq": 2.0, "time": "2025-01-18T08:00:00Z", "actor_id": "",
			"action": "login.password", "target_type": "", "target_id": "", "org_id": "",
			"outcome": "failure", "request_id": "", "ip_hash": "", "reason": "",
			"prev_hash": first.Hash, "hash": second.Hash,
		},
	}
	for i, line := range lines {
		var got map[string]any
		if err := json.Unmarshal([]byte(line), &got); err != nil {
			t.Fatalf("line %d is not JSON: %v", i+1, err)
		}
		if len(got) != len(want[i]) {
			t.Errorf("line %d has %d keys, want %d: %s", i+1, len(got), len(want[i]), line)
		}
		for key, w := range want[i] {
			if got[key] != w {
				t.Errorf("line %d: %s = %#v, want %#v", i+1, key, got[key], w)
			}
		}
	}

	buf.Reset()
	n, err = audit.ExportJSONL(ctx, store, &buf, time.Date(2025, 1, 18, 0, 0, 0, 0, time.UTC))
	if err != nil || n != 1 || !strings.HasPrefix(buf.String(), `{"seq":2,`) {
		t.Fatalf("export since = %d, %v:\n%s", n, err, buf.String())
	}
}
