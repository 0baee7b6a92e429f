package phoneswap

import (
	"fmt"
	"time"

	tz "github.com/mijnaccount/mijnaccount/internal/amsterdam"
)

// amsterdam is where a swap's end date is a calendar day.
var amsterdam = tz.Location

// ParseEnd reads the end date a user or the helpdesk chose (YYYY-MM-DD):
// the swap ends at the start of that day in Europe/Amsterdam, which must lie
// after now and at most MaxDuration ahead. "" is no end (zero time).
func ParseEnd(raw string, now time.Time) (time.Time, error) {
	if raw == "" {
		return time.Time{}, nil
	}
	day, err := time.ParseInLocation(time.DateOnly, raw, amsterdam)
	if err != nil || !day.After(now) || day.Sub(now) > MaxDuration {
		return time.Time{}, fmt.Errorf("%w: the end must be a date after today, at most 90 days away", ErrInvalid)
	}
	return day.UTC(), nil
}
