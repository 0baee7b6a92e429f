package app

import (
	"context"

	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/server"
)

// requestAuditor records audit events with the request id and a keyed hash of
// the client IP of the request the context belongs to.
type requestAuditor struct {
	rec   *audit.Recorder
	ipKey []byte
}

// Record fills RequestID and IPHash from ctx when the request has them.
func (a *requestAuditor) Record(ctx context.Context, e audit.Event) error {
	if e.RequestID == "" {
		e.RequestID = server.RequestID(ctx)
	}
	if e.IPHash == "" {
		if ip := server.ClientIPFrom(ctx); ip.IsValid() {
			e.IPHash = audit.HashIP(a.ipKey, ip.String())
		}
	}
	return a.rec.Record(ctx, e)
}
