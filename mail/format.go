package mail

import (
	"fmt"
	"strings"
	"time"

	tz "github.com/mijnaccount/mijnaccount/internal/amsterdam"
)

var amsterdam = tz.Location

var dutchMonths = [...]string{"januari", "februari", "maart", "april", "mei", "juni",
	"juli", "augustus", "september", "oktober", "november", "december"}

// funcsFor returns the template functions for lang.
func funcsFor(lang string) map[string]any {
	return map[string]any{
		"date": func(v any) (string, error) { return formatDate(lang, v) },
	}
}

// formatDate formats a time.Time in Amsterdam time: "3 februari 2026 om
// 14:05 uur" in Dutch, "3 February 2026 at 14:05 (CET)" in English.
func formatDate(lang string, v any) (string, error) {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x
	case *time.Time:
		if x == nil {
			return "", nil
		}
		t = *x
	default:
		return "", fmt.Errorf("date: want a time.Time, not %T", v)
	}
	if t.IsZero() {
		return "", nil
	}
	t = t.In(amsterdam)
	if lang == "nl" {
		return fmt.Sprintf("%d %s %d om %s uur", t.Day(), dutchMonths[t.Month()-1], t.Year(), t.Format("15:04")), nil
	}
	return strings.TrimSpace(t.Format("2 January 2006 at 15:04 (MST)")), nil
}
