package password

import "fmt"

// Params are the argon2id cost parameters of a hash.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over the memory
	Threads uint8  // lanes
	SaltLen uint32 // bytes of random salt
	KeyLen  uint32 // bytes of derived key
}

// DefaultParams returns OWASP's recommended minimum for argon2id:
// m=19456 KiB (19 MiB), t=2, p=1, with a 16-byte salt and a 32-byte key.
func DefaultParams() Params {
	return Params{Memory: 19456, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}
}

// Bounds on parameters. A stored hash outside them is refused as malformed,
// so a corrupt or planted value cannot make one login allocate gigabytes or
// loop for minutes.
const (
	maxMemory  = 2 << 20 // KiB (2 GiB)
	maxTime    = 32
	minSaltLen = 8
	maxSaltLen = 64
	minKeyLen  = 16
	maxKeyLen  = 64
)

// Validate reports parameters that argon2id cannot use or that are outside
// the bounds this package accepts.
func (p Params) Validate() error {
	switch {
	case p.Threads < 1:
		return fmt.Errorf("password: argon2 threads must be at least 1")
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("password: argon2 time must be between 1 and %d, not %d", maxTime, p.Time)
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory:
		return fmt.Errorf("password: argon2 memory must be between %d and %d KiB, not %d", 8*uint32(p.Threads), maxMemory, p.Memory)
	case p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen:
		return fmt.Errorf("password: salt length must be between %d and %d bytes, not %d", minSaltLen, maxSaltLen, p.SaltLen)
	case p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return fmt.Errorf("password: key length must be between %d and %d bytes, not %d", minKeyLen, maxKeyLen, p.KeyLen)
	}
	return nil
}
