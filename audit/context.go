package audit

import "context"

type requestIDKey struct{}

// WithRequestID returns ctx carrying the id of the current request, which
// Recorder.Record puts on events that have none. The id must be one the server
// made (an opaque id matching the id pattern of Event.Validate), not a value
// taken unchecked from a client header: an invalid id makes recording fail.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestIDFrom returns the request id WithRequestID put on ctx, or "".
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}
