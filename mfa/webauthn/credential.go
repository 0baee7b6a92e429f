package webauthn

import (
	"crypto/ecdh"
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/go-webauthn/webauthn/protocol"
	gowebauthn "github.com/go-webauthn/webauthn/webauthn"
)

// Credential is one registered security key, as the caller stores it (JSON).
// Everything a later login is verified against is here; nothing is secret,
// but it must not be editable by the user.
type Credential struct {
	ID              []byte `json:"id"`
	PublicKey       []byte `json:"public_key"`       // COSE key; raw 0x04||x||y point for legacy U2F keys
	AttestationType string `json:"attestation_type"` // e.g. "none", "basic_full"
	// AttestationFormat is the attestation statement format at registration
	// ("none", "packed", "fido-u2f", ...). "fido-u2f" marks a key that may
	// answer through the legacy U2F AppID.
	AttestationFormat string   `json:"attestation_format,omitempty"`
	Transports        []string `json:"transports,omitempty"`
	AAGUID            []byte   `json:"aaguid,omitempty"`
	SignCount         uint32   `json:"sign_count"`
	UserVerified      bool     `json:"user_verified,omitempty"`
	BackupEligible    bool     `json:"backup_eligible,omitempty"`
	BackupState       bool     `json:"backup_state,omitempty"`
}

// CredentialIDString is the credential id as unpadded base64url: the form used
// in the browser's options, and an opaque identifier for logs and the UI.
func CredentialIDString(id []byte) string {
	return base64.RawURLEncoding.EncodeToString(id)
}

// LegacyU2FCredential is the record of a key registered through the legacy
// U2F JavaScript API under Config.U2FAppID, built from that registration's
// key handle, its raw public key (65 bytes, 0x04||x||y on P-256) and last
// counter. Such a key can only log in through the appid extension, so it is
// marked with the "fido-u2f" attestation format and keeps the raw public key,
// as go-webauthn expects for an assertion made through the AppID.
func LegacyU2FCredential(keyHandle, publicKey []byte, signCount uint32) (Credential, error) {
	if len(keyHandle) == 0 || len(keyHandle) > 1023 {
		return Credential{}, errors.New("webauthn: U2F key handle must be 1 to 1023 bytes")
	}
	if _, err := ecdh.P256().NewPublicKey(publicKey); err != nil {
		return Credential{}, fmt.Errorf("webauthn: U2F public key is not an uncompressed P-256 point: %w", err)
	}
	return Credential{
		ID:                append([]byte(nil), keyHandle...),
		PublicKey:         append([]byte(nil), publicKey...),
		AttestationType:   "basic_full",
		AttestationFormat: string(protocol.AttestationFormatFIDOUniversalSecondFactor),
		SignCount:         signCount,
	}, nil
}

// toLibrary converts to go-webauthn's record.
func (c Credential) toLibrary() gowebauthn.Credential {
	var flags protocol.AuthenticatorFlags
	if c.UserVerified {
		flags |= protocol.FlagUserVerified
	}
	if c.BackupEligible {
		flags |= protocol.FlagBackupEligible
	}
	if c.BackupState {
		flags |= protocol.FlagBackupState
	}
	transports := make([]protocol.AuthenticatorTransport, len(c.Transports))
	for i, t := range c.Transports {
		transports[i] = protocol.AuthenticatorTransport(t)
	}
	return gowebauthn.Credential{
		ID:                c.ID,
		PublicKey:         c.PublicKey,
		AttestationType:   c.AttestationType,
		AttestationFormat: c.AttestationFormat,
		Transport:         transports,
		// Every registered key showed user presence; go-webauthn only reads
		// the UV and BE flags from here.
		Flags: gowebauthn.NewCredentialFlags(flags | protocol.FlagUserPresent),
		Authenticator: gowebauthn.Authenticator{
			AAGUID:    c.AAGUID,
			SignCount: c.SignCount,
		},
	}
}

// fromLibrary converts a newly registered go-webauthn credential.
func fromLibrary(c *gowebauthn.Credential) Credential {
	var transports []string
	for _, t := range c.Transport {
		transports = append(transports, string(t))
	}
	return Credential{
		ID:                c.ID,
		PublicKey:         c.PublicKey,
		AttestationType:   c.AttestationType,
		AttestationFormat: c.AttestationFormat,
		Transports:        transports,
		AAGUID:            c.Authenticator.AAGUID,
		SignCount:         c.Authenticator.SignCount,
		UserVerified:      c.Flags.UserVerified,
		BackupEligible:    c.Flags.BackupEligible,
		BackupState:       c.Flags.BackupState,
	}
}
