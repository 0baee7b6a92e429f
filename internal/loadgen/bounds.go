package loadgen

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mijnaccount/mijnaccount/account/password"
	"github.com/mijnaccount/mijnaccount/config"
)

// Bounds are the CPU bounds of this machine, measured in the same run as
// the load: what all cores can do when they do nothing else.
type Bounds struct {
	Cores        int     `json:"cores"`
	ArgonPerSec  float64 `json:"argon2id_verifies_per_second"`
	ES256PerSec  float64 `json:"es256_signatures_per_second"`
	ArgonParams  string  `json:"argon2id_params"`
	MeasuredSecs float64 `json:"measured_seconds_each"`
}

// MeasureBounds runs argon2id verifications with the configured parameters
// and ES256 (P-256 ECDSA over SHA-256) signatures on every core for d each.
func MeasureBounds(p config.Password, d time.Duration) (Bounds, error) {
	params := password.DefaultParams()
	params.Memory, params.Time, params.Threads = uint32(p.ArgonMemoryKiB), uint32(p.ArgonTime), uint8(p.ArgonThreads)
	h, err := password.NewHasher(params)
	if err != nil {
		return Bounds{}, err
	}
	enc, err := h.Hash(Password)
	if err != nil {
		return Bounds{}, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return Bounds{}, err
	}
	digest := sha256.Sum256([]byte("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJsb2FkZ2VuIn0"))
	b := Bounds{Cores: runtime.NumCPU(), MeasuredSecs: d.Seconds(),
		ArgonParams: formatParams(params)}
	b.ArgonPerSec = onAllCores(d, func() { h.Verify(Password, enc) })
	b.ES256PerSec = onAllCores(d, func() { _, _ = ecdsa.SignASN1(rand.Reader, key, digest[:]) })
	return b, nil
}

func onAllCores(d time.Duration, fn func()) float64 {
	var n atomic.Int64
	stop := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				fn()
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	return float64(n.Load()) / time.Since(start).Seconds()
}
