// Package ratelimit counts events per key in fixed windows in the key-value
// store (memory or Redis), so every instance shares the same counts. It is the
// one mechanism behind login throttling (per account, per IP) and the SMS
// limits (per user, org and IP).
//
// It fails closed: when the store cannot be reached, Hit and Check return the
// error and callers must refuse the action, never wave it through.
package ratelimit
