package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"

	"github.com/mijnaccount/mijnaccount/config"
)

// Options configure a Server.
type Options struct {
	// Config supplies the HTTP timeouts, the trusted proxies and whether the
	// issuer is served over HTTPS (for HSTS).
	Config config.Config
	Logger *slog.Logger // nil: slog.Default()
	// Checks are the dependencies /readyz pings.
	Checks []Check
	// Metrics is the registry to use; nil makes a new one.
	Metrics *Metrics
	// ErrorPage renders HTML error pages; nil uses a minimal built-in page.
	ErrorPage ErrorPage
	// ContentSecurityPolicy replaces DefaultContentSecurityPolicy when set;
	// see there why production needs to.
	ContentSecurityPolicy string
	// FormActionOrigins, when set, is asked on every request for the origins
	// forms may end up at (the relying parties' redirect targets); they are
	// added to form-action. On an error the policy stays strict.
	FormActionOrigins func(ctx context.Context) ([]string, error)
	// Inner middleware runs innermost, just around the mux (for example the
	// language choice of the pages), in the order given.
	Inner []func(http.Handler) http.Handler
}

// notFoundPattern catches every request no domain route matches, so that a
// 404 goes through the error mapper like any other error.
const notFoundPattern = "/"

// Server is the HTTP server of one binary: the mux domain packages mount on,
// wrapped in the middleware chain, plus the operational endpoints.
type Server struct {
	cfg     config.HTTP
	log     *slog.Logger
	mux     *http.ServeMux
	metrics *Metrics
	cop     *http.CrossOriginProtection
	handler http.Handler
	err     error // configuration problem, reported by Run
}

// New builds a server and registers GET /healthz, /readyz and /metrics. An
// invalid trusted proxy is logged, left out, and makes Run fail (it cannot
// be one after config.Validate).
func New(o Options) *Server {
	s := &Server{
		cfg:     o.Config.HTTP,
		log:     o.Logger,
		mux:     http.NewServeMux(),
		metrics: o.Metrics,
		cop:     http.NewCrossOriginProtection(),
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.metrics == nil {
		s.metrics = NewMetrics()
	}
	csp := o.ContentSecurityPolicy
	if csp == "" {
		csp = DefaultContentSecurityPolicy
	}
	trusted, err := ParsePrefixes(o.Config.HTTP.TrustedProxies)
	if err != nil {
		s.err = fmt.Errorf("http.trusted_proxies: %w", err)
		s.log.Error("invalid trusted proxies ignored", "err", err)
	}

	s.mux.HandleFunc("GET /healthz", healthz)
	s.mux.Handle("GET /readyz", readyz(s.log, o.Checks, checkTimeout))
	s.mux.Handle("GET /metrics", s.metrics.Handler())
	s.mux.Handle(notFoundPattern, Handle(func(http.ResponseWriter, *http.Request) error {
		return NotFound("not_found", nil)
	}))

	// Outermost first. Recovery wraps everything so that a panic anywhere
	// still gets a mapped 500; the request id comes next so every later
	// line carries it; the access log sits inside the security headers so
	// it sees the final status, and outside CSRF so refusals are counted.
	chain := []func(http.Handler) http.Handler{
		recoverPanics(&errorWriter{logger: s.log, page: o.ErrorPage}, s.metrics),
		requestIDs(trusted),
		clientIPs(trusted),
		securityHeaders(csp, o.FormActionOrigins, o.Config.IsHTTPS(), s.log),
		accessLog(s.log, s.metrics),
		crossOriginProtection(s.cop),
	}
	chain = append(chain, o.Inner...)
	s.handler = recordRoute(s.mux)
	for i := len(chain) - 1; i >= 0; i-- {
		s.handler = chain[i](s.handler)
	}
	return s
}

// Mux is where domain packages mount their routes. It may be added to until
// Run starts; "/" is taken by the not-found handler.
func (s *Server) Mux() *http.ServeMux { return s.mux }

// Handler is the mux behind the whole middleware chain.
func (s *Server) Handler() http.Handler { return s.handler }

// Metrics returns the registry, for packages to register their collectors.
func (s *Server) Metrics() *Metrics { return s.metrics }

// CrossOriginProtection returns the CSRF check applied to every request, to
// exempt server-to-server endpoints (AddInsecureBypassPattern, e.g.
// "POST /oauth2/token" or "/webhooks/") or trust another origin of ours
// (AddTrustedOrigin).
func (s *Server) CrossOriginProtection() *http.CrossOriginProtection { return s.cop }

// Run serves on ln until ctx ends, then shuts down gracefully: it stops
// accepting, lets requests in flight finish within the configured shutdown
// timeout, and returns nil. Requests still running then are cut off and Run
// returns an error. Request contexts do not derive from ctx, so in-flight
// work is not cancelled by the shutdown itself.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	if s.err != nil {
		_ = ln.Close()
		return s.err
	}
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	s.log.Info("http server listening", "addr", ln.Addr().String())

	select {
	case err := <-served:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("http server shutting down", "timeout", s.cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if err != nil {
		_ = srv.Close()
		err = fmt.Errorf("graceful shutdown: %w", err)
	}
	if serr := <-served; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, fmt.Errorf("http server: %w", serr))
	}
	if err == nil {
		s.log.Info("http server stopped")
	}
	return err
}
