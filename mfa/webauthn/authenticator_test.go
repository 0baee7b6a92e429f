package webauthn_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"encoding/json"
	"math/big"
	"slices"
	"testing"
	"time"
)

// softKey is one credential of the software authenticator: a P-256 key pair
// scoped to an RP ID (WebAuthn) or to an AppID (legacy U2F registration).
type softKey struct {
	id      []byte
	priv    *ecdsa.PrivateKey
	scope   string // the RP ID or AppID the key was registered for
	counter uint32 // incremented before every signature
}

func newSoftKey(t *testing.T, scope string) *softKey {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	id := make([]byte, 48)
	_, _ = rand.Read(id)
	return &softKey{id: id, priv: priv, scope: scope}
}

// rawPublicKey is the uncompressed point 0x04||x||y, as U2F stores it.
func (k *softKey) rawPublicKey(t *testing.T) []byte {
	t.Helper()
	pub, err := k.priv.PublicKey.ECDH()
	if err != nil {
		t.Fatal(err)
	}
	return pub.Bytes()
}

// coseKey is the public key as a COSE_Key: EC2, ES256, P-256.
func (k *softKey) coseKey(t *testing.T) []byte {
	raw := k.rawPublicKey(t)
	return mustCBOR(t, map[int]any{1: 2, 3: -7, -1: 1, -2: raw[1:33], -3: raw[33:]})
}

// params is what the client and authenticator put into one response. The
// authenticator fills it from the options; a test's mutators then change it
// to build a bad response.
type params struct {
	ceremonyType string
	challenge    string
	origin       string
	rpIDHash     []byte
	flags        byte
	counter      uint32
	extResults   map[string]any
	// after signing
	tamperAuthData  bool
	tamperSignature bool
}

type mutator func(*params)

func withOrigin(o string) mutator             { return func(p *params) { p.origin = o } }
func withChallenge(c string) mutator          { return func(p *params) { p.challenge = c } }
func withType(typ string) mutator             { return func(p *params) { p.ceremonyType = typ } }
func withRPIDHashOf(s string) mutator         { return func(p *params) { p.rpIDHash = sha256Of(s) } }
func withCounter(n uint32) mutator            { return func(p *params) { p.counter = n } }
func withExtResults(m map[string]any) mutator { return func(p *params) { p.extResults = m } }
func withTamperedAuthData() mutator           { return func(p *params) { p.tamperAuthData = true } }
func withBadSignature() mutator               { return func(p *params) { p.tamperSignature = true } }

const (
	flagUP = 0x01
	flagAT = 0x40
)

var testAAGUID = []byte("soft-authn-aagui") // 16 bytes

// create answers navigator.credentials.create(options) with key, using the
// attestation format "none" or "fido-u2f".
func create(t *testing.T, options json.RawMessage, origin string, key *softKey, format string, muts ...mutator) []byte {
	t.Helper()
	var opts struct {
		PublicKey struct {
			Challenge string `json:"challenge"`
			RP        struct {
				ID string `json:"id"`
			} `json:"rp"`
		} `json:"publicKey"`
	}
	mustUnmarshal(t, options, &opts)
	p := params{
		ceremonyType: "webauthn.create",
		challenge:    opts.PublicKey.Challenge,
		origin:       origin,
		rpIDHash:     sha256Of(opts.PublicKey.RP.ID),
		flags:        flagUP | flagAT,
		counter:      key.counter,
		extResults:   map[string]any{},
	}
	for _, m := range muts {
		m(&p)
	}
	clientData := clientDataJSON(t, p)
	aaguid := testAAGUID
	if format == "fido-u2f" {
		aaguid = make([]byte, 16) // U2F keys have no AAGUID
	}
	authData := authDataHeader(p)
	authData = append(authData, aaguid...)
	authData = binary.BigEndian.AppendUint16(authData, uint16(len(key.id)))
	authData = append(authData, key.id...)
	authData = append(authData, key.coseKey(t)...)

	stmt := map[string]any{}
	if format == "fido-u2f" {
		stmt = u2fAttestation(t, p.rpIDHash, sha256Of(string(clientData)), key)
		if p.tamperSignature {
			sig := stmt["sig"].([]byte)
			sig[len(sig)-1] ^= 0x01
		}
	}
	if p.tamperAuthData {
		authData[len(authData)-1] ^= 0x01 // the public key's y coordinate
	}
	attObj := mustCBOR(t, map[string]any{"fmt": format, "attStmt": stmt, "authData": authData})
	return mustJSON(t, map[string]any{
		"id":    b64(key.id),
		"rawId": b64(key.id),
		"type":  "public-key",
		"response": map[string]any{
			"clientDataJSON":    b64(clientData),
			"attestationObject": b64(attObj),
			"transports":        []string{"usb", "nfc"},
		},
		"clientExtensionResults":  p.extResults,
		"authenticatorAttachment": "cross-platform",
	})
}

// u2fAttestation is a fido-u2f attestation statement from a fresh,
// self-signed attestation certificate.
func u2fAttestation(t *testing.T, rpIDHash, clientDataHash []byte, key *softKey) map[string]any {
	t.Helper()
	attKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "Soft U2F Attestation"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &attKey.PublicKey, attKey)
	if err != nil {
		t.Fatal(err)
	}
	signed := slices.Concat([]byte{0x00}, rpIDHash, clientDataHash, key.id, key.rawPublicKey(t))
	digest := sha256.Sum256(signed)
	sig, err := ecdsa.SignASN1(rand.Reader, attKey, digest[:])
	if err != nil {
		t.Fatal(err)
	}
	return map[string]any{"sig": sig, "x5c": []any{der}}
}

// get answers navigator.credentials.get(options) with key, as a browser does:
// when the options carry the appid extension it reports whether the key
// answered for the AppID, and a key scoped to the AppID signs for its hash.
func get(t *testing.T, options json.RawMessage, origin string, key *softKey, muts ...mutator) []byte {
	t.Helper()
	var opts struct {
		PublicKey struct {
			Challenge string `json:"challenge"`
			RPID      string `json:"rpId"`
			Allow     []struct {
				ID string `json:"id"`
			} `json:"allowCredentials"`
			Extensions struct {
				AppID string `json:"appid"`
			} `json:"extensions"`
		} `json:"publicKey"`
	}
	mustUnmarshal(t, options, &opts)
	if !slices.ContainsFunc(opts.PublicKey.Allow, func(c struct {
		ID string `json:"id"`
	}) bool {
		return c.ID == b64(key.id)
	}) {
		t.Fatalf("allowCredentials %v does not list the key", opts.PublicKey.Allow)
	}
	key.counter++
	p := params{
		ceremonyType: "webauthn.get",
		challenge:    opts.PublicKey.Challenge,
		origin:       origin,
		rpIDHash:     sha256Of(opts.PublicKey.RPID),
		flags:        flagUP,
		counter:      key.counter,
		extResults:   map[string]any{},
	}
	if appID := opts.PublicKey.Extensions.AppID; appID != "" {
		used := key.scope == appID
		p.extResults["appid"] = used
		if used {
			p.rpIDHash = sha256Of(appID)
		}
	}
	for _, m := range muts {
		m(&p)
	}
	clientData := clientDataJSON(t, p)
	authData := authDataHeader(p)
	digest := sha256.Sum256(slices.Concat(authData, sha256Of(string(clientData))))
	sig, err := ecdsa.SignASN1(rand.Reader, key.priv, digest[:])
	if err != nil {
		t.Fatal(err)
	}
	if p.tamperAuthData {
		authData[33+3] ^= 0x01 // the counter's last byte
	}
	if p.tamperSignature {
		sig[len(sig)-1] ^= 0x01
	}
	return mustJSON(t, map[string]any{
		"id":    b64(key.id),
		"rawId": b64(key.id),
		"type":  "public-key",
		"response": map[string]any{
			"clientDataJSON":    b64(clientData),
			"authenticatorData": b64(authData),
			"signature":         b64(sig),
		},
		"clientExtensionResults":  p.extResults,
		"authenticatorAttachment": "cross-platform",
	})
}

// authDataHeader is rpIdHash || flags || signCount.
func authDataHeader(p params) []byte {
	b := slices.Concat(p.rpIDHash, []byte{p.flags})
	return binary.BigEndian.AppendUint32(b, p.counter)
}

func clientDataJSON(t *testing.T, p params) []byte {
	return mustJSON(t, map[string]any{
		"type":        p.ceremonyType,
		"challenge":   p.challenge,
		"origin":      p.origin,
		"crossOrigin": false,
	})
}
