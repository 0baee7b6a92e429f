package smsotp

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// record is what the store holds for a binding's code. The code itself is
// never kept: only its MAC, which a locked record no longer has.
type record struct {
	ID      string `json:"id"`            // random; names the tries counter of this code
	MAC     []byte `json:"mac,omitempty"` // HMAC-SHA256(key, binding||code); empty once locked
	Expires int64  `json:"exp"`           // Unix microseconds by Config.Now
	// The cooldowns the send of this code claimed and the value it wrote in
	// them, so that a correct code gives them back (cooldown.go).
	Cooldowns []string `json:"cd,omitempty"`
	Hold      []byte   `json:"hold,omitempty"`
}

func (r record) expiresAt() time.Time { return storage.FromMicros(r.Expires) }

func (r record) locked() bool { return len(r.MAC) == 0 }

func (r record) encode() []byte {
	b, err := json.Marshal(r)
	if err != nil {
		panic("smsotp: encode record: " + err.Error()) // a struct of strings, bytes and an int
	}
	return b
}

func decodeRecord(raw []byte) (record, error) {
	var r record
	if err := json.Unmarshal(raw, &r); err != nil || r.ID == "" || r.Expires == 0 {
		return record{}, fmt.Errorf("smsotp: stored code record is corrupt")
	}
	return r, nil
}

// keys names a binding's entries in the store. The binding is hashed so that
// flow and user ids do not show in key names.
type keys struct{ code, cooldown, triesPrefix string }

func keysFor(binding string) keys {
	sum := sha256.Sum256([]byte(binding))
	h := hex.EncodeToString(sum[:16])
	return keys{code: "smsotp:code:" + h, cooldown: "smsotp:cooldown:" + h, triesPrefix: "smsotp:tries:" + h + ":"}
}

// tries names the tries counter of one code.
func (k keys) tries(r record) string { return k.triesPrefix + r.ID }

// mac is HMAC-SHA256(key, binding||code). Codes are always six digits, so
// the concatenation is unambiguous.
func (c *Codes) mac(binding, code string) []byte {
	m := hmac.New(sha256.New, c.key)
	m.Write([]byte(binding))
	m.Write([]byte(code))
	return m.Sum(nil)
}
