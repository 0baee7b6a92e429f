package smsotp_test

import (
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/sms"
	"github.com/mijnaccount/mijnaccount/mfa/sms/ledger"
	"github.com/mijnaccount/mijnaccount/mfa/smsotp"
	"github.com/mijnaccount/mijnaccount/storage/memkv"
)

func TestNewChecksConfig(t *testing.T) {
	valid := func() smsotp.Config {
		return smsotp.Config{
			KV: memkv.New(nil), Sender: sms.NewOutbox(t.TempDir()+"/sms.jsonl", nil), Provider: ledger.ProviderOutbox,
			Ledger: &memLedger{}, HashKey: testKey,
		}
	}
	if _, err := smsotp.New(valid()); err != nil {
		t.Fatalf("New with a minimal config: %v", err)
	}
	tests := []struct {
		name   string
		change func(c *smsotp.Config)
		word   string
	}{
		{"no store", func(c *smsotp.Config) { c.KV = nil }, "key-value store"},
		{"no sender", func(c *smsotp.Config) { c.Sender = nil }, "sender"},
		{"unknown provider", func(c *smsotp.Config) { c.Provider = "messagebird" }, "provider"},
		{"no ledger", func(c *smsotp.Config) { c.Ledger = nil }, "ledger"},
		{"short key", func(c *smsotp.Config) { c.HashKey = testKey[:31] }, "31 bytes"},
		{"negative limit", func(c *smsotp.Config) { c.Limits.PerIPHour = -1 }, "limits"},
		{"ttl in seconds", func(c *smsotp.Config) { c.TTL = 90 * time.Second }, "whole minutes"},
		{"ttl too long", func(c *smsotp.Config) { c.TTL = 2 * time.Hour }, "whole minutes"},
		{"negative tries", func(c *smsotp.Config) { c.MaxTries = -1 }, "max tries"},
		{"cooldown beyond ttl", func(c *smsotp.Config) { c.Cooldown = 10 * time.Minute }, "cooldown"},
	}
	for _, tt := range tests {
		cfg := valid()
		tt.change(&cfg)
		_, err := smsotp.New(cfg)
		if err == nil || !strings.Contains(err.Error(), tt.word) {
			t.Errorf("%s: New = %v, want an error about %s", tt.name, err, tt.word)
		}
		if err != nil && strings.Contains(err.Error(), string(testKey)) {
			t.Errorf("%s: error shows the key", tt.name)
		}
	}
	cfg := valid()
	cfg.KV, cfg.Sender, cfg.HashKey = nil, nil, nil
	if _, err := smsotp.New(cfg); err == nil || !strings.Contains(err.Error(), "sender") || !strings.Contains(err.Error(), "hash key") {
		t.Errorf("New reports only part of what is wrong: %v", err)
	}
}
