// Account lockout is not a weapon (docs/accounts.md, "Throttling"): a browser
// that has logged in fully before carries a device cookie and keeps working
// while failures elsewhere make the address wait for every other browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, desktop } from '../lib/harness.js';
import { newUser, firstLogin, login, logout, keepRecoveryCode, password } from '../lib/flows.js';
import { totp } from '../lib/totp.js';

const env = setup();

// enrolApp takes the wizard through the authenticator app and returns its secret.
async function enrolApp(page) {
  await page.click('a[href^="/login/enrol/totp"]');
  await page.waitForURL(/\/login\/enrol\/totp\?/);
  await page.click('details.manual summary');
  const secret = (await page.textContent('#totp-secret')).replace(/\s/g, '');
  await page.fill('#code', totp(secret));
  await page.click('button[type=submit].primary');
  await keepRecoveryCode(page);
  await page.waitForURL(/\/account$/);
  return secret;
}

// tryPassword submits the login form with pw and returns the status and text of the answer.
async function tryPassword(page, email, pw) {
  await page.goto(`${env.srv.base}/login`);
  await page.fill('#email', email);
  await page.fill('#password', pw);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.click('button[type=submit]'),
  ]);
  return { status: res.status(), text: await page.textContent('main') };
}

test('device cookie: the owner logs in while the address waits for other browsers', async () => {
  const { email } = newUser(env.srv, 'eigenaar');
  const owner = await env.browser.newContext(desktop);
  const page = await owner.newPage();
  await firstLogin(page, env.srv.base, email);
  const secret = await enrolApp(page);
  const device = (await owner.cookies()).find((c) => c.name.startsWith('ma_device_'));
  assert.ok(device, 'a full login leaves a device cookie');
  assert.ok(device.httpOnly, 'which scripts cannot read');
  assert.equal(device.sameSite, 'Lax');
  assert.ok(!device.value.includes(email) && !device.name.includes(email), 'and which names nobody');
  await logout(page);

  const other = await env.browser.newContext(desktop);
  const stranger = await other.newPage();
  for (let i = 0; i < 3; i++) {
    const { status, text } = await tryPassword(stranger, email, `geraden-wachtwoord-${i}`);
    assert.equal(status, 200);
    assert.match(text, /onjuist/);
  }
  const refused = await tryPassword(stranger, email, password);
  assert.equal(refused.status, 429, 'the address now waits for browsers without a device cookie, right password or not');
  assert.match(refused.text, /te veel pogingen/i);

  await login(page, env.srv.base, email, /\/login\/factor\/totp\?/);
  await page.fill('#code', totp(secret, Date.now() + 30_000));
  await page.click('button[type=submit].primary');
  await page.waitForURL(/\/account$/);
  await other.close();
  await owner.close();
});
