// Security keys (WebAuthn) for Mijn Account. The page holds a form with
// data-webauthn="create" or "get" and the server's options as JSON in
// data-options; this script asks the browser for the key and posts the
// answer in the hidden field "credential". Nothing else happens here:
// every check is made on the server.
(function () {
  'use strict';
  var form = document.getElementById('webauthn-form');
  if (!form) { return; }
  var button = document.getElementById('webauthn-start');
  var errorBox = document.getElementById('webauthn-error');
  var unsupported = document.getElementById('webauthn-unsupported');

  if (!window.PublicKeyCredential || !navigator.credentials) {
    unsupported.hidden = false;
    button.disabled = true;
    return;
  }

  function fromB64url(s) {
    s = s.replace(/-/g, '+').replace(/_/g, '/');
    while (s.length % 4) { s += '='; }
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out.buffer;
  }

  function toB64url(buf) {
    var bytes = new Uint8Array(buf), bin = '';
    for (var i = 0; i < bytes.length; i++) { bin += String.fromCharCode(bytes[i]); }
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function decodeList(list) {
    return (list || []).map(function (c) {
      var copy = Object.assign({}, c);
      copy.id = fromB64url(c.id);
      return copy;
    });
  }

  function publicKeyOptions(mode) {
    var pk = JSON.parse(form.dataset.options).publicKey;
    pk.challenge = fromB64url(pk.challenge);
    if (mode === 'create') {
      pk.user.id = fromB64url(pk.user.id);
      pk.excludeCredentials = decodeList(pk.excludeCredentials);
    } else {
      pk.allowCredentials = decodeList(pk.allowCredentials);
    }
    return pk;
  }

  function encode(cred) {
    var r = cred.response, out = {
      id: cred.id,
      rawId: toB64url(cred.rawId),
      type: cred.type,
      clientExtensionResults: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {},
      response: { clientDataJSON: toB64url(r.clientDataJSON) }
    };
    if (cred.authenticatorAttachment) { out.authenticatorAttachment = cred.authenticatorAttachment; }
    if (r.attestationObject) {
      out.response.attestationObject = toB64url(r.attestationObject);
      if (r.getTransports) { out.response.transports = r.getTransports(); }
    } else {
      out.response.authenticatorData = toB64url(r.authenticatorData);
      out.response.signature = toB64url(r.signature);
      if (r.userHandle) { out.response.userHandle = toB64url(r.userHandle); }
    }
    return JSON.stringify(out);
  }

  button.addEventListener('click', function () {
    var mode = form.dataset.webauthn;
    errorBox.hidden = true;
    button.disabled = true;
    var request = mode === 'create'
      ? navigator.credentials.create({ publicKey: publicKeyOptions(mode) })
      : navigator.credentials.get({ publicKey: publicKeyOptions(mode) });
    request.then(function (cred) {
      form.elements.credential.value = encode(cred);
      form.submit();
    }).catch(function () {
      errorBox.hidden = false;
      button.disabled = false;
    });
  });
})();
