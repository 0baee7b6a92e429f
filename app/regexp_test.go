package app_test

import "regexp"

var (
	flowID    = regexp.MustCompile(`[a-z2-7]{26}`)
	requestID = regexp.MustCompile(`[0-9a-f]{32}`)
)
