package password

import (
	"testing"
	"time"
)

// TestDerivationsWaitForAFreeSlot: with every slot taken a derivation does
// not start; it runs as soon as one is given back.
func TestDerivationsWaitForAFreeSlot(t *testing.T) {
	p := Params{Memory: 8, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	for range cap(slots) {
		slots <- struct{}{}
	}
	done := make(chan []byte)
	go func() { done <- derive("geheim", make([]byte, 16), p) }()
	select {
	case <-done:
		t.Fatal("a derivation ran while every slot was taken")
	case <-time.After(100 * time.Millisecond):
	}
	<-slots
	if key := <-done; len(key) != 32 {
		t.Fatalf("derived %d bytes", len(key))
	}
	for range cap(slots) - 1 {
		<-slots
	}
}
