package storagetest

import (
	"net"
	"testing"
)

// ConnectionRefused returns the error of a real dial to a loopback port
// that nothing listens on: what a driver reports when its server is down.
func ConnectionRefused(t testing.TB) error {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	conn, refused := net.Dial("tcp", addr)
	if refused == nil {
		conn.Close()
		t.Fatal("dial to a closed port succeeded")
	}
	return refused
}
