package ledger

import "testing"

func TestRankOrder(t *testing.T) {
	order := []string{StatusAccepted, StatusQueued, StatusSending, StatusSent, StatusDelivered}
	for i := 1; i < len(order); i++ {
		if Rank(order[i]) <= Rank(order[i-1]) {
			t.Errorf("Rank(%s) = %d is not above Rank(%s) = %d", order[i], Rank(order[i]), order[i-1], Rank(order[i-1]))
		}
	}
	for _, s := range []string{StatusDelivered, StatusUndelivered, StatusFailed, StatusCanceled} {
		if !Final(s) || !ValidStatus(s) {
			t.Errorf("%s is not a valid final status", s)
		}
	}
	if ValidStatus("") || ValidStatus("lost") || Rank("lost") != 0 || Final(StatusSent) {
		t.Error("unknown or non-final statuses misjudged")
	}
}
