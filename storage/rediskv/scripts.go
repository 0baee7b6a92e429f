package rediskv

import "github.com/redis/go-redis/v9"

// Each script touches one key, passed in KEYS, so it also runs on a cluster.
// Redis runs a script without interleaving other commands, which is what
// makes these read-then-write steps atomic.

// compareAndDeleteScript deletes KEYS[1] when it holds ARGV[1]; it returns 1
// when it deleted. GET of a missing key is false in Lua and never equal.
var compareAndDeleteScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
	return redis.call('DEL', KEYS[1])
end
return 0
`)

// incrScript increments KEYS[1] and gives it a lifetime of ARGV[1] ms when it
// has none: on creation, and also if a counter was ever left without one, so
// no counter can live forever. An existing deadline is never moved.
var incrScript = redis.NewScript(`
local n = redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) == -1 then
	redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return n
`)

// setAddScript adds ARGV[1] to the set KEYS[1] and sets its lifetime to
// ARGV[2] ms. A failing SADD (wrong type) stops the script before PEXPIRE.
var setAddScript = redis.NewScript(`
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`)
