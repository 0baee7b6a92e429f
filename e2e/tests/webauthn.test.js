// Security keys through Chromium's virtual authenticator (CDP WebAuthn
// domain): a FIDO U2F key and a FIDO2 (CTAP2) key, registered in the wizard
// and used to log in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, phone, desktop, shot } from '../lib/harness.js';
import { newUser, firstLogin, login, logout, keepRecoveryCode } from '../lib/flows.js';

const env = setup();

const authenticators = {
  u2f: { protocol: 'u2f', transport: 'usb', automaticPresenceSimulation: true },
  ctap2: {
    protocol: 'ctap2', ctap2Version: 'ctap2_1', transport: 'usb', hasResidentKey: true,
    hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true,
  },
};

for (const [protocol, label, device] of [['u2f', 'desktop', desktop], ['ctap2', 'phone', phone]]) {
  test(`security key (${protocol}) on a ${label}`, async () => {
    const { email } = newUser(env.srv, `key-${protocol}`);
    const context = await env.browser.newContext(device);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', { options: authenticators[protocol] });

    await firstLogin(page, env.srv.base, email);
    await page.click('a[href^="/login/enrol/key"]');
    await page.waitForURL(/\/login\/enrol\/key\?/);
    await page.fill('#name', `Sleutel ${protocol}`);
    await shot(page, `enrol-key-${label}`);
    await page.click('#webauthn-start');
    await keepRecoveryCode(page);
    await page.waitForURL(/\/account$/);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(credentials.length, 1, 'one credential registered');
    // A U2F authenticator keeps no RP id beside its non-resident keys.
    if (protocol === 'ctap2') assert.equal(credentials[0].rpId, 'localhost');
    const countAfterRegistration = credentials[0].signCount;
    await logout(page);

    await login(page, env.srv.base, email, /\/login\/factor\/key\?/);
    await shot(page, `challenge-key-${label}`);
    await page.click('#webauthn-start');
    await page.waitForURL(/\/account$/);
    const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.ok(after.credentials[0].signCount > countAfterRegistration, 'the key signed the login');
    await page.goto(`${env.srv.base}/account/security`);
    assert.match(await page.textContent('main'), new RegExp(`Sleutel ${protocol}`));
    await context.close();
  });
}

test('a key that answers with a lower counter is refused as a possible clone', async () => {
  const { email } = newUser(env.srv, 'key-clone');
  const context = await env.browser.newContext(desktop);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', { options: authenticators.u2f });
  await firstLogin(page, env.srv.base, email);
  await page.click('a[href^="/login/enrol/key"]');
  await page.click('#webauthn-start');
  await keepRecoveryCode(page);
  await page.waitForURL(/\/account$/);
  await logout(page);
  await login(page, env.srv.base, email, /\/login\/factor\/key\?/);
  await page.click('#webauthn-start');
  await page.waitForURL(/\/account$/);
  await logout(page);

  // Put the same key back with its counter rewound, as a copy would be.
  const [cred] = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
  await cdp.send('WebAuthn.clearCredentials', { authenticatorId });
  await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: { ...cred, rpId: 'localhost', signCount: 0 } });
  await login(page, env.srv.base, email, /\/login\/factor\/key\?/);
  await page.click('#webauthn-start');
  await page.waitForSelector('[role=alert]');
  assert.match(await page.textContent('[role=alert]'), /kopie/);
  assert.doesNotMatch(page.url(), /\/account$/);
  await context.close();
});
