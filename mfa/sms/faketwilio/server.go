package faketwilio

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// InvalidNumber is the To number the fake refuses with Twilio code 21211,
// as Twilio does for its test number +15005550001. It is a well-formed
// Dutch mobile number, so that it passes the checks made before sending
// (sms.CheckPhone) and the refusal really comes from the provider.
const InvalidNumber = "+31612000001"

// Config holds the credentials the fake accepts.
type Config struct {
	AccountSID string
	AuthToken  string
	APIKey     string // optional: accept APIKey:APISecret as well
	APISecret  string
	// Segments counts parts for num_segments; nil is a rough 160/153 count.
	Segments func(body string) int
}

// Received is one request the fake accepted as a message.
type Received struct {
	SID                 string
	AccountSID          string // from the path
	AuthUser            string // Basic-auth user: account SID or API key
	To                  string
	From                string
	Body                string
	MessagingServiceSID string
	StatusCallback      string
}

// Server is the running fake.
type Server struct {
	*httptest.Server
	cfg         Config
	rateLimited atomic.Bool
	unavailable atomic.Bool

	mu       sync.Mutex
	received []Received
}

// New starts the fake; stop it with Close.
func New(cfg Config) *Server {
	s := &Server{cfg: cfg}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /2010-04-01/Accounts/{sid}/Messages.json", s.createMessage)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, 20404, "The requested resource "+r.URL.Path+" was not found")
	})
	s.Server = httptest.NewServer(mux)
	return s
}

// SetRateLimited makes every message request answer 429 with code 20429.
func (s *Server) SetRateLimited(on bool) { s.rateLimited.Store(on) }

// SetUnavailable makes every message request answer 503.
func (s *Server) SetUnavailable(on bool) { s.unavailable.Store(on) }

// Messages returns a copy of the messages accepted so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// HTTPClient returns a client that sends requests for *.twilio.com to this
// fake; give it to the sender under test.
func (s *Server) HTTPClient() *http.Client {
	return RedirectingClient(s.Listener.Addr().String())
}

func (s *Server) authorised(r *http.Request) (string, bool) {
	user, pass, ok := r.BasicAuth()
	if !ok {
		return "", false
	}
	if user == s.cfg.AccountSID && pass == s.cfg.AuthToken && s.cfg.AuthToken != "" {
		return user, true
	}
	if s.cfg.APIKey != "" && user == s.cfg.APIKey && pass == s.cfg.APISecret {
		return user, true
	}
	return user, false
}

func (s *Server) createMessage(w http.ResponseWriter, r *http.Request) {
	user, ok := s.authorised(r)
	if !ok {
		writeError(w, http.StatusUnauthorized, 20003, "Authenticate")
		return
	}
	sid := r.PathValue("sid")
	if sid != s.cfg.AccountSID {
		writeError(w, http.StatusNotFound, 20404, "The requested resource was not found")
		return
	}
	if s.unavailable.Load() {
		writeError(w, http.StatusServiceUnavailable, 20503, "Service unavailable")
		return
	}
	if s.rateLimited.Load() {
		writeError(w, http.StatusTooManyRequests, 20429, "Too Many Requests")
		return
	}
	if err := r.ParseForm(); err != nil {
		writeError(w, http.StatusBadRequest, 20001, "Invalid form")
		return
	}
	m := Received{
		AccountSID: sid, AuthUser: user,
		To: r.PostForm.Get("To"), From: r.PostForm.Get("From"), Body: r.PostForm.Get("Body"),
		MessagingServiceSID: r.PostForm.Get("MessagingServiceSid"), StatusCallback: r.PostForm.Get("StatusCallback"),
	}
	switch {
	case m.To == "":
		writeError(w, http.StatusBadRequest, 21604, "A 'To' phone number is required.")
		return
	case m.Body == "":
		writeError(w, http.StatusBadRequest, 21602, "Message body is required.")
		return
	case m.From == "" && m.MessagingServiceSID == "":
		writeError(w, http.StatusBadRequest, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.")
		return
	case m.To == InvalidNumber:
		writeError(w, http.StatusBadRequest, 21211, "Invalid 'To' Phone Number: "+m.To)
		return
	}
	m.SID = "SM" + randomHex()
	s.mu.Lock()
	s.received = append(s.received, m)
	s.mu.Unlock()

	// Like Twilio: through a Messaging Service without From the message is
	// "accepted" with 0 segments until a sender is chosen.
	status, segments := "queued", s.segments(m.Body)
	if m.From == "" {
		status, segments = "accepted", 0
	}
	now := time.Now().UTC().Format(time.RFC1123Z)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(map[string]any{
		"sid": m.SID, "account_sid": sid, "to": m.To, "from": nullable(m.From), "body": m.Body,
		"messaging_service_sid": nullable(m.MessagingServiceSID), "status": status,
		"num_segments": strconv.Itoa(segments), "num_media": "0", "direction": "outbound-api",
		"api_version": "2010-04-01", "date_created": now, "date_updated": now, "date_sent": nil,
		"price": nil, "price_unit": "USD", "error_code": nil, "error_message": nil,
		"uri": "/2010-04-01/Accounts/" + sid + "/Messages/" + m.SID + ".json",
	})
}

func (s *Server) segments(body string) int {
	if s.cfg.Segments != nil {
		return s.cfg.Segments(body)
	}
	n := utf8.RuneCountInString(body)
	if n <= 160 {
		return 1
	}
	return (n + 152) / 153
}

func writeError(w http.ResponseWriter, status, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{
		"code": code, "message": msg, "status": status,
		"more_info": fmt.Sprintf("https://www.twilio.com/docs/errors/%d", code),
	})
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func randomHex() string {
	b := make([]byte, 16)
	rand.Read(b)
	return strings.ToLower(fmt.Sprintf("%x", b))
}
