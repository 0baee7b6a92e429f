package password

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Violation is a stable id for one way a password breaks the policy.
type Violation string

// The violations Check reports, in the order it reports them.
const (
	TooShort      Violation = "too_short"      // fewer runes than MinLength; Args: [MinLength]
	TooLong       Violation = "too_long"       // more runes than MaxLength; Args: [MaxLength]
	ContainsEmail Violation = "contains_email" // contains the email's local part
	Common        Violation = "common"         // on the built-in common-password list
	Classes       Violation = "classes"        // too few character classes; Args: [RequireClasses]
)

// MessageID is the catalogue id of v, "password.<violation>".
func (v Violation) MessageID() string { return "password." + string(v) }

// Message is a translatable problem with a password: ID is a catalogue id
// ("password.too_short") and Args are its fmt arguments, if any. Callers
// add their own problems (such as "password.mismatch") in the same shape.
type Message struct {
	ID   string
	Args []any
}

// Is reports whether m is the message for v.
func (m Message) Is(v Violation) bool { return m.ID == v.MessageID() }

func message(v Violation, args ...any) Message {
	return Message{ID: v.MessageID(), Args: args}
}

// Policy is an organisation's password policy. Zero fields take defaults.
type Policy struct {
	// MinLength is the minimum number of characters (runes); 0 means 10,
	// and values below 8 (NIST SP 800-63B's floor) count as 8.
	MinLength int
	// MaxLength is the maximum number of characters (runes); 0 means 128.
	// It is capped at 256 so that every allowed password fits in
	// MaxInputBytes.
	MaxLength int
	// RequireClasses is how many of the four character classes (lower case,
	// upper case, digit, other) must occur: 0 (length alone, as NIST advises)
	// or 3. Values above 4 count as 4.
	RequireClasses int
}

// Policy defaults.
const (
	DefaultMinLength = 10
	DefaultMaxLength = 128
	floorMinLength   = 8 // the common list holds nothing shorter
	maxMaxLength     = MaxInputBytes / utf8.UTFMax
	minLocalPart     = 3 // shorter local parts ("jo@…") are not checked
	minLocalWord     = 4 // nor are shorter words of a local part ("jan" in jan.smit@…)
)

func (p Policy) limits() (minLen, maxLen, classes int) {
	minLen, maxLen, classes = p.MinLength, p.MaxLength, min(p.RequireClasses, 4)
	if minLen <= 0 {
		minLen = DefaultMinLength
	}
	minLen = max(minLen, floorMinLength)
	if maxLen <= 0 {
		maxLen = DefaultMaxLength
	}
	maxLen = min(maxLen, maxMaxLength)
	return minLen, maxLen, classes
}

// Check returns the ways pw breaks the policy for the user with email, in
// the order of the Violation constants; nil means pw is acceptable.
func (p Policy) Check(pw, email string) []Message {
	minLen, maxLen, classes := p.limits()
	var out []Message
	n := utf8.RuneCountInString(pw)
	if n < minLen {
		out = append(out, message(TooShort, minLen))
	}
	if n > maxLen {
		// Nothing else is worth computing on an over-long input.
		return append(out, message(TooLong, maxLen))
	}
	lower := strings.ToLower(pw)
	if containsEmail(lower, email) {
		out = append(out, message(ContainsEmail))
	}
	if IsCommon(lower) {
		out = append(out, message(Common))
	}
	if classes > 0 && countClasses(pw) < classes {
		out = append(out, message(Classes, classes))
	}
	return out
}

// containsEmail reports whether the lower-cased password contains the local
// part of email (at least 3 runes), or one of its words of at least 4 runes
// separated by '.', '_', '-' or '+' ("jansen" in "p.jansen@…").
func containsEmail(lowerPW, email string) bool {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return false
	}
	local := strings.ToLower(strings.TrimSpace(email[:at]))
	if utf8.RuneCountInString(local) < minLocalPart {
		return false
	}
	if strings.Contains(lowerPW, local) {
		return true
	}
	words := strings.FieldsFunc(local, func(r rune) bool { return strings.ContainsRune("._-+", r) })
	for _, w := range words {
		if utf8.RuneCountInString(w) >= minLocalWord && strings.Contains(lowerPW, w) {
			return true
		}
	}
	return false
}

// countClasses counts the character classes in pw: lower case, upper case,
// digit and anything else (punctuation, spaces, symbols).
func countClasses(pw string) int {
	var lower, upper, digit, other int
	for _, r := range pw {
		switch {
		case unicode.IsLower(r):
			lower = 1
		case unicode.IsUpper(r):
			upper = 1
		case unicode.IsDigit(r):
			digit = 1
		default:
			other = 1
		}
	}
	return lower + upper + digit + other
}
