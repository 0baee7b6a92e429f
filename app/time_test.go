package app_test

import "time"

var zeroTime time.Time
