package mail

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"net"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeSMTP is a real TCP SMTP server on 127.0.0.1 that speaks just enough
// of the protocol for these tests: EHLO, STARTTLS, AUTH PLAIN, MAIL, RCPT,
// DATA, RSET, NOOP and QUIT. It records what it was told and whether the
// connection was encrypted at the time.
type fakeSMTP struct {
	// Behaviour, set before start.
	offerStartTLS bool   // advertise and accept STARTTLS
	authInClear   bool   // advertise AUTH PLAIN before TLS as well
	implicitTLS   bool   // TLS from the first byte
	silent        bool   // accept connections but never greet
	authReply     string // reply to AUTH; default 235
	rcptReply     string // reply to RCPT; default 250

	ln      net.Listener
	port    int
	roots   *x509.CertPool
	tlsConf *tls.Config

	mu    sync.Mutex
	auths []fakeAuth
	mails []fakeMail
	cmds  []string
}

type fakeAuth struct {
	tls            bool
	mech, user, pw string
}

type fakeMail struct {
	tls  bool
	from string
	to   []string
	data string
}

// startFakeSMTP starts f and stops it when the test ends.
func startFakeSMTP(t *testing.T, f *fakeSMTP) *fakeSMTP {
	t.Helper()
	cert, roots := selfSignedCert(t)
	f.roots = roots
	f.tlsConf = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if f.implicitTLS {
		ln = tls.NewListener(ln, f.tlsConf)
	}
	f.ln, f.port = ln, ln.Addr().(*net.TCPAddr).Port
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() { f.serve(c) })
		}
	})
	return f
}

func (f *fakeSMTP) serve(c net.Conn) {
	defer func() { c.Close() }()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	if f.silent {
		_, _ = io.Copy(io.Discard, c)
		return
	}
	isTLS := f.implicitTLS
	tp := textproto.NewConn(c)
	reply := func(lines ...string) { // multi-line replies: "250-a", "250 b"
		for i, l := range lines {
			sep := " "
			if i < len(lines)-1 {
				sep = "-"
			}
			code, text, _ := strings.Cut(l, " ")
			_ = tp.PrintfLine("%s%s%s", code, sep, text)
		}
	}
	reply("220 fake.test ESMTP")
	var from string
	var rcpts []string
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		f.mu.Lock()
		f.cmds = append(f.cmds, strings.ToUpper(verb))
		f.mu.Unlock()
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			lines := []string{"250 fake.test greets " + arg}
			if f.offerStartTLS && !isTLS {
				lines = append(lines, "250 STARTTLS")
			}
			if isTLS || f.authInClear {
				lines = append(lines, "250 AUTH LOGIN PLAIN")
			}
			reply(append(lines, "250 8BITMIME")...)
		case "STARTTLS":
			if !f.offerStartTLS || isTLS {
				reply("502 5.5.1 not offered")
				continue
			}
			reply("220 2.0.0 ready to start TLS")
			tc := tls.Server(c, f.tlsConf)
			if err := tc.Handshake(); err != nil {
				return
			}
			c, tp, isTLS = tc, textproto.NewConn(tc), true
			from, rcpts = "", nil
		case "AUTH":
			mech, ir, _ := strings.Cut(arg, " ")
			a := fakeAuth{tls: isTLS, mech: strings.ToUpper(mech)}
			if raw, err := base64.StdEncoding.DecodeString(ir); err == nil {
				if parts := strings.Split(string(raw), "\x00"); len(parts) == 3 {
					a.user, a.pw = parts[1], parts[2]
				}
			}
			f.mu.Lock()
			f.auths = append(f.auths, a)
			f.mu.Unlock()
			reply(or(f.authReply, "235 2.7.0 authenticated"))
		case "MAIL":
			from = arg
			reply("250 2.1.0 ok")
		case "RCPT":
			rcpts = append(rcpts, arg)
			reply(or(f.rcptReply, "250 2.1.5 ok"))
		case "DATA":
			reply("354 end with <CRLF>.<CRLF>")
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			f.mu.Lock()
			f.mails = append(f.mails, fakeMail{tls: isTLS, from: from, to: rcpts, data: string(data)})
			f.mu.Unlock()
			reply("250 2.0.0 queued")
		case "RSET", "NOOP":
			reply("250 2.0.0 ok")
		case "QUIT":
			reply("221 2.0.0 bye")
			return
		default:
			reply("500 5.5.2 unknown command")
		}
	}
}

func or(s, def string) string {
	if s != "" {
		return s
	}
	return def
}

func (f *fakeSMTP) received() ([]fakeAuth, []fakeMail, []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeAuth(nil), f.auths...), append([]fakeMail(nil), f.mails...), append([]string(nil), f.cmds...)
}

// config returns an SMTPConfig for f that trusts its certificate.
func (f *fakeSMTP) config(mode string) SMTPConfig {
	return SMTPConfig{
		Host: "127.0.0.1", Port: f.port, Username: "mijnaccount", Password: "s3cr3t-Wachtw00rd",
		From: "Mijn Account <no-reply@mijnaccount.example.nl>", TLS: mode,
		Timeout: 5 * time.Second, RootCAs: f.roots,
	}
}

// selfSignedCert makes a certificate for 127.0.0.1 and localhost and a pool
// that trusts it.
func selfSignedCert(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "fake smtp " + strconv.Itoa(int(time.Now().Unix()))},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:     []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}, pool
}
