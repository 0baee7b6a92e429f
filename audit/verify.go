package audit

import "fmt"

// verifier checks events, fed in sequence order, against the hash chain and
// remembers the first problem.
type verifier struct {
	report   Report
	prevSeq  int64
	prevHash string
}

func newVerifier() *verifier {
	return &verifier{prevHash: GenesisHash, report: Report{OK: true}}
}

// check takes the next event of the trail.
func (v *verifier) check(e Event) error {
	v.report.Events++
	want := v.prevSeq + 1
	switch {
	case e.Seq == want+1:
		v.fail(want, fmt.Sprintf("event %d missing (seq jumps from %d to %d)", want, v.prevSeq, e.Seq))
	case e.Seq > want:
		v.fail(want, fmt.Sprintf("events %d to %d missing (seq jumps from %d to %d)", want, e.Seq-1, v.prevSeq, e.Seq))
	case e.Seq < want:
		v.fail(e.Seq, fmt.Sprintf("event %d: out of order (after event %d)", e.Seq, v.prevSeq))
	case e.ComputeHash() != e.Hash:
		v.fail(e.Seq, fmt.Sprintf("event %d: hash mismatch (row changed)", e.Seq))
	case e.PrevHash != v.prevHash && v.prevSeq == 0:
		v.fail(e.Seq, fmt.Sprintf("event %d: prev_hash is not the genesis hash (chain rewritten)", e.Seq))
	case e.PrevHash != v.prevHash:
		v.fail(e.Seq, fmt.Sprintf("event %d: prev_hash does not match the hash of event %d (chain rewritten)", e.Seq, v.prevSeq))
	}
	v.prevSeq, v.prevHash = e.Seq, e.Hash
	v.report.LastSeq, v.report.LastHash = e.Seq, e.Hash
	return nil
}

// fail records a problem unless an earlier one was found.
func (v *verifier) fail(seq int64, problem string) {
	if !v.report.OK {
		return
	}
	v.report.OK = false
	v.report.FirstBroken = seq
	v.report.Problem = problem
}
