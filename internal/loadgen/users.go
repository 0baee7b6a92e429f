package loadgen

import (
	"sync"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/totp"
)

// userPool hands out users for logins. The server accepts each TOTP step at
// most once per user and only steps within one of now (Skew = 1), so a user
// can log in at most three times in a fresh 30-second window (steps now-1,
// now, now+1) and then once per window. The pool gives every user the
// lowest step still allowed; now-1 only early in a window so the server's
// clock cannot move past it while the request is in flight. When no user
// has a step left, the login run ends (ErrExhausted): the run is bounded by
// the number of users, not stretched over minutes of waiting.
type userPool struct {
	mu    sync.Mutex
	users []SeedUser
	last  []int64 // last step handed out per user
	next  int
}

func newUserPool(users []SeedUser) *userPool {
	return &userPool{users: users, last: make([]int64, len(users))}
}

// take returns a user and the TOTP step to answer with.
func (p *userPool) take(now time.Time) (SeedUser, int64, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	cur := totp.Step(now)
	low := cur
	if now.Unix()%totp.Period < totp.Period-5 {
		low = cur - 1
	}
	for range len(p.users) {
		i := p.next
		p.next = (p.next + 1) % len(p.users)
		s := max(p.last[i]+1, low)
		if s <= cur+1 {
			p.last[i] = s
			return p.users[i], s, true
		}
	}
	return SeedUser{}, 0, false
}
