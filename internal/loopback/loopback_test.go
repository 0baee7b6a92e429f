package loopback

import "testing"

func TestHost(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "LocalHost": true, "127.0.0.1": true, "127.8.9.10": true,
		"::1": true, "[::1]": true,
		"": false, "localhost.example.nl": false, "example.nl": false, "10.0.0.1": false,
		"0.0.0.0": false, "::": false, "128.0.0.1": false, "[::2]": false,
	} {
		if got := Host(host); got != want {
			t.Errorf("Host(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestURL(t *testing.T) {
	for raw, want := range map[string]bool{
		"http://localhost:8080/": true, "http://127.0.0.1": true, "http://[::1]:9000/x": true,
		"https://idp.example.nl": false, "http://127.0.0.1.example.nl/": false,
		"http://user@evil.example.nl/?h=localhost": false, "://bad": false, "": false,
	} {
		if got := URL(raw); got != want {
			t.Errorf("URL(%q) = %v, want %v", raw, got, want)
		}
	}
}
