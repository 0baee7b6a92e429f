package sms

import "testing"

func TestClassify(t *testing.T) {
	tests := []struct {
		status, code int
		want         Kind
	}{
		{400, 21211, InvalidNumber},
		{400, 21614, InvalidNumber},
		{429, 20429, RateLimited},
		{429, 0, RateLimited},
		{400, 20429, RateLimited},
		{400, 21612, Unreachable},
		{400, 21610, Unreachable},
		{401, 20003, Rejected},
		{400, 21603, Rejected},
		{500, 0, Unavailable},
		{503, 20503, Unavailable},
		{0, 0, Unavailable},
	}
	for _, tt := range tests {
		if got := classify(tt.status, tt.code); got != tt.want {
			t.Errorf("classify(%d, %d) = %s, want %s", tt.status, tt.code, got, tt.want)
		}
	}
}
