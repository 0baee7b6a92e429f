package loadgen

import (
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
)

// Proxy is a round-robin reverse proxy on loopback: every request goes to
// the next backend, so one browser login touches both instances.
type Proxy struct {
	URL    string
	Counts []atomic.Int64 // requests per backend
	srv    *http.Server
}

// StartProxy listens on 127.0.0.1:port and spreads requests over backends.
// The Host header is kept, so the backends see the issuer's host.
func StartProxy(port int, backends []string) (*Proxy, error) {
	targets := make([]*url.URL, len(backends))
	for i, b := range backends {
		u, err := url.Parse(b)
		if err != nil {
			return nil, err
		}
		targets[i] = u
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", itoa(port)))
	if err != nil {
		return nil, err
	}
	p := &Proxy{URL: "http://" + ln.Addr().String(), Counts: make([]atomic.Int64, len(backends))}
	var next atomic.Uint64
	rp := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			i := int((next.Add(1) - 1) % uint64(len(targets)))
			p.Counts[i].Add(1)
			r.SetURL(targets[i])
			r.Out.Host = r.In.Host
		},
		Transport: &http.Transport{MaxIdleConns: 512, MaxIdleConnsPerHost: 256},
		// A client that gives up at the end of a run is not worth a log line.
		ErrorHandler: func(w http.ResponseWriter, _ *http.Request, _ error) { w.WriteHeader(http.StatusBadGateway) },
	}
	p.srv = &http.Server{Handler: rp}
	go func() { _ = p.srv.Serve(ln) }()
	return p, nil
}

// Close stops the proxy.
func (p *Proxy) Close() { _ = p.srv.Close() }
