package session

import "github.com/redis/go-redis/v9"

func redisClientTo(addr string) redis.UniversalClient {
	return redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
}
