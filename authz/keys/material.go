package keys

import (
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"

	"github.com/mijnaccount/mijnaccount/secretbox"
)

// Key sizes.
const (
	rsaGenerateBits = 2048
	rsaMinBits      = 2048
	rsaMaxBits      = 8192
)

// generate makes a new private key for alg.
func generate(alg string) (crypto.Signer, error) {
	switch alg {
	case AlgES256:
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, fmt.Errorf("keys: generate ES256 key: %w", err)
		}
		return k, nil
	case AlgRS256:
		k, err := rsa.GenerateKey(rand.Reader, rsaGenerateBits)
		if err != nil {
			return nil, fmt.Errorf("keys: generate RS256 key: %w", err)
		}
		return k, nil
	}
	return nil, checkAlg(alg)
}

// algFor returns the algorithm a private key signs with, or an
// ErrUnsupportedKey error saying what is wrong with it.
func algFor(key any) (string, crypto.Signer, error) {
	switch k := key.(type) {
	case *ecdsa.PrivateKey:
		if k.Curve != elliptic.P256() {
			name := "unknown"
			if k.Curve != nil && k.Curve.Params() != nil {
				name = k.Curve.Params().Name
			}
			return "", nil, fmt.Errorf("%w: EC key on curve %s; want P-256 (ES256)", ErrUnsupportedKey, name)
		}
		return AlgES256, k, nil
	case *rsa.PrivateKey:
		bits := k.N.BitLen()
		if bits < rsaMinBits {
			return "", nil, fmt.Errorf("%w: RSA key of %d bits; want at least %d", ErrUnsupportedKey, bits, rsaMinBits)
		}
		if bits > rsaMaxBits {
			return "", nil, fmt.Errorf("%w: RSA key of %d bits; want at most %d", ErrUnsupportedKey, bits, rsaMaxBits)
		}
		return AlgRS256, k, nil
	case ed25519.PrivateKey, *ed25519.PrivateKey:
		return "", nil, fmt.Errorf("%w: Ed25519 keys are not supported; want an EC P-256 or RSA (>= %d bits) key", ErrUnsupportedKey, rsaMinBits)
	case *ecdh.PrivateKey:
		return "", nil, fmt.Errorf("%w: X25519 keys cannot sign; want an EC P-256 or RSA (>= %d bits) key", ErrUnsupportedKey, rsaMinBits)
	}
	return "", nil, fmt.Errorf("%w: key type %T; want an EC P-256 or RSA (>= %d bits) key", ErrUnsupportedKey, key, rsaMinBits)
}

// parsePEM reads one private key from PEM: PKCS#8 ("PRIVATE KEY"), SEC1
// ("EC PRIVATE KEY", optionally after an "EC PARAMETERS" block) or PKCS#1
// ("RSA PRIVATE KEY"). Errors never quote the input.
func parsePEM(data []byte) (string, crypto.Signer, error) {
	var found *pem.Block
	rest := data
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		switch b.Type {
		case "EC PARAMETERS":
			continue
		case "PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY":
			if found != nil {
				return "", nil, fmt.Errorf("%w: PEM holds more than one private key", ErrUnsupportedKey)
			}
			found = b
		case "ENCRYPTED PRIVATE KEY":
			return "", nil, fmt.Errorf("%w: encrypted private keys are not supported; decrypt it first", ErrUnsupportedKey)
		case "CERTIFICATE", "TRUSTED CERTIFICATE":
			return "", nil, fmt.Errorf("%w: PEM holds a certificate, not a private key", ErrUnsupportedKey)
		case "PUBLIC KEY", "RSA PUBLIC KEY":
			return "", nil, fmt.Errorf("%w: PEM holds a public key, not a private key", ErrUnsupportedKey)
		default:
			return "", nil, fmt.Errorf("%w: unexpected PEM block %s", ErrUnsupportedKey, quoteShort(b.Type))
		}
	}
	if found == nil {
		return "", nil, fmt.Errorf("%w: no PEM-encoded private key found", ErrUnsupportedKey)
	}
	if _, enc := found.Headers["DEK-Info"]; enc {
		return "", nil, fmt.Errorf("%w: encrypted private keys are not supported; decrypt it first", ErrUnsupportedKey)
	}
	var (
		key any
		err error
	)
	switch found.Type {
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(found.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(found.Bytes)
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(found.Bytes)
	}
	if err != nil {
		// The parser's message names ASN.1 structure problems, not key bytes.
		return "", nil, fmt.Errorf("%w: cannot parse %s block: %v", ErrUnsupportedKey, found.Type, err)
	}
	return algFor(key)
}

// additionalData binds a sealed private key to its kid.
func additionalData(kid string) []byte { return []byte("signing-key:" + kid) }

// sealPrivate seals the PKCS#8 DER of priv for the row of kid.
func sealPrivate(keyring secretbox.Keyring, kid string, priv crypto.Signer) (string, error) {
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return "", fmt.Errorf("keys: encode private key of kid %s: %w", kid, err)
	}
	defer clear(der)
	sealed, err := keyring.Seal(der, additionalData(kid))
	if err != nil {
		return "", fmt.Errorf("keys: seal private key of kid %s: %w", kid, err)
	}
	return sealed, nil
}

// openPrivate opens the sealed private key of a row and checks it is a key
// for alg whose public half is publicDER.
func openPrivate(keyring secretbox.Keyring, kid, alg string, publicDER []byte, sealed string) (crypto.Signer, error) {
	if sealed == "" {
		return nil, fmt.Errorf("keys: private key of kid %s is missing", kid)
	}
	der, err := keyring.Open(sealed, additionalData(kid))
	if err != nil {
		return nil, fmt.Errorf("keys: open private key of kid %s: %w", kid, err)
	}
	defer clear(der)
	parsed, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("keys: private key of kid %s does not parse: %v", kid, err)
	}
	gotAlg, priv, err := algFor(parsed)
	if err != nil {
		return nil, fmt.Errorf("keys: private key of kid %s: %w", kid, err)
	}
	if gotAlg != alg {
		return nil, fmt.Errorf("keys: private key of kid %s is an %s key, the row says %s", kid, gotAlg, alg)
	}
	pub, err := x509.MarshalPKIXPublicKey(priv.Public())
	if err != nil {
		return nil, fmt.Errorf("keys: public key of kid %s: %w", kid, err)
	}
	if string(pub) != string(publicDER) {
		return nil, fmt.Errorf("keys: stored public key of kid %s does not match its private key", kid)
	}
	return priv, nil
}
