package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"strings"

	"github.com/mijnaccount/mijnaccount/storage"
)

// GenesisHash is the PrevHash of the first event of a trail: 64 zeros.
var GenesisHash = strings.Repeat("0", 64)

// ComputeHash returns the hash the event should carry given its PrevHash:
// hex(SHA-256(encoding)), where the encoding is, in this order, PrevHash, Seq,
// Time (Unix microseconds), ActorID, Action, TargetType, TargetID, OrgID,
// Outcome, RequestID, IPHash and Reason. Integers are 8 bytes big-endian;
// strings are a 4-byte big-endian length followed by their bytes, so no two
// different events share an encoding.
//
// The encoding is part of the stored data: changing it makes every existing
// trail fail verification.
func (e Event) ComputeHash() string {
	h := sha256.New()
	writeString(h, e.PrevHash)
	writeInt(h, e.Seq)
	writeInt(h, storage.Micros(e.Time))
	for _, s := range []string{
		e.ActorID, e.Action, e.TargetType, e.TargetID, e.OrgID,
		string(e.Outcome), e.RequestID, e.IPHash, e.Reason,
	} {
		writeString(h, s)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func writeInt(h hash.Hash, v int64) {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(v))
	h.Write(b[:])
}

func writeString(h hash.Hash, s string) {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], uint32(len(s)))
	h.Write(b[:])
	h.Write([]byte(s))
}
