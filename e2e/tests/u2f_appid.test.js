// A security key registered with the legacy FIDO U2F API under an AppID,
// brought in with `mijnaccount user import-u2f`, logs in through the WebAuthn
// appid extension. An AppID must be https, so the server runs behind a TLS
// proxy with a self-signed certificate; the key lives in Chromium's virtual
// U2F authenticator, scoped to the AppID as a U2F registration would be.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { startServer, launchBrowser, desktop } from '../lib/harness.js';
import { newUser, password, logout, keepRecoveryCode } from '../lib/flows.js';

const env = {};
before(async () => {
  // The AppID is the origin itself, the simplest facet list U2F allowed.
  env.srv = await startServer({ https: true, env: (base) => ({ MIJNACCOUNT_WEBAUTHN_U2F_APPID: base }) });
  env.browser = await launchBrowser();
});
after(async () => {
  await env.browser?.close();
  await env.srv?.stop();
});

// legacyKey is a U2F registration as the replaced system stored it: a key
// handle and the raw 65-byte public key, with the private key the token
// itself would hold (PKCS#8, for the virtual authenticator).
function legacyKey() {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const raw = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
  return {
    handle: randomBytes(64),
    publicKey: raw,
    pkcs8: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
  };
}

// passwordStep logs in with email and password (setting the real password
// the first time) and waits for the security-key step.
async function passwordStep(page, email, first) {
  await page.goto(`${env.srv.base}/login`);
  await page.fill('#email', email);
  await page.fill('#password', first ? 'Tijdelijk-wachtwoord-1' : password);
  await page.click('button[type=submit]');
  if (first) {
    await page.waitForURL(/\/login\/password\?/);
    await page.fill('#new_password', password);
    await page.fill('#repeat_password', password);
    await page.click('button[type=submit]');
  }
  await page.waitForURL(/\/login\/factor\/key\?/);
}

test('an imported legacy U2F key logs in through the AppID; a rewound copy is refused', async () => {
  const { srv } = env;
  assert.match(srv.base, /^https:\/\/localhost:\d+$/);
  const { org, email } = newUser(srv, 'u2f-legacy');
  const user = srv.cli('user', 'list', '--org', org.id).find((u) => u.email === email);
  assert.ok(user, 'the user exists');

  const key = legacyKey();
  const imported = srv.cli('user', 'import-u2f', '--user', user.id, '--key-handle', key.handle.toString('base64url'),
    '--public-key', key.publicKey.toString('base64url'), '--name', 'Oude U2F-sleutel');
  assert.equal(imported.app_id, srv.base);
  assert.equal(imported.credential_id, key.handle.toString('base64url'));

  const context = await env.browser.newContext({ ...desktop, ignoreHTTPSErrors: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator',
    { options: { protocol: 'u2f', transport: 'usb', automaticPresenceSimulation: true } });
  // A U2F token signs over SHA-256 of the AppID, so the key is scoped to it.
  const credential = { credentialId: key.handle.toString('base64'), isResidentCredential: false, rpId: srv.base,
    privateKey: key.pkcs8, signCount: 0 };
  await cdp.send('WebAuthn.addCredential', { authenticatorId, credential });

  await passwordStep(page, email, true);
  await page.click('#webauthn-start');
  // An imported key comes without a recovery code: the user makes one now.
  await keepRecoveryCode(page);
  await page.waitForURL(/\/account$/);
  const [used] = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
  assert.equal(used.signCount, 1, 'the key signed the login');
  await page.goto(`${srv.base}/account/security`);
  assert.match(await page.textContent('main'), /Oude U2F-sleutel/);
  await logout(page);

  // The same key with its counter rewound, as a clone would answer.
  await cdp.send('WebAuthn.clearCredentials', { authenticatorId });
  await cdp.send('WebAuthn.addCredential', { authenticatorId, credential });
  await passwordStep(page, email, false);
  await page.click('#webauthn-start');
  await page.waitForSelector('[role=alert]');
  assert.match(await page.textContent('[role=alert]'), /kopie/);
  assert.doesNotMatch(page.url(), /\/account$/);
  await context.close();
});
