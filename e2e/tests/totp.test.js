// The enrolment wizard with an authenticator app, a login with a code
// computed here from the secret on the page, and the recovery code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, phone, desktop, shot } from '../lib/harness.js';
import { newUser, firstLogin, login, logout, keepRecoveryCode } from '../lib/flows.js';
import { totp } from '../lib/totp.js';

const env = setup();

// enrolApp goes from the wizard's first page through the app and returns
// the secret and the recovery code; with a label it takes screenshots.
async function enrolApp(page, label) {
  if (label) await shot(page, `enrol-choose-${label}`);
  const text = await page.textContent('main');
  assert.match(text, /kost uw organisatie geld/, 'the wizard says SMS costs money');
  assert.match(text, /Gratis/, 'and that the app and the key are free');
  await page.click('a[href^="/login/enrol/totp"]');
  await page.waitForURL(/\/login\/enrol\/totp\?/);
  assert.ok(await page.isVisible('figure.qr svg'), 'QR code shown');
  await page.click('details.manual summary');
  const secret = (await page.textContent('#totp-secret')).replace(/\s/g, '');
  assert.match(secret, /^[A-Z2-7]{32}$/);
  if (label) await shot(page, `enrol-totp-${label}`);
  await page.fill('#code', '000000');
  await page.click('button[type=submit].primary');
  assert.match(await page.textContent('[role=alert]'), /niet juist/);
  await page.fill('#code', totp(secret));
  await page.click('button[type=submit].primary');
  await page.waitForURL(/\/login\/enrol\/recovery\?/);
  if (label) await shot(page, `recovery-code-${label}`);
  const download = page.waitForEvent('download');
  await page.click('a[download]');
  const file = await download;
  assert.match(file.suggestedFilename(), /herstelcode/);
  const recovery = await keepRecoveryCode(page);
  await page.waitForURL(/\/account$/);
  return { secret, recovery };
}

for (const [label, device] of [['phone', phone], ['desktop', desktop]]) {
  test(`authenticator app: wizard and login on a ${label}`, async () => {
    const { email } = newUser(env.srv, `app-${label}`);
    const context = await env.browser.newContext(device);
    const page = await context.newPage();
    await firstLogin(page, env.srv.base, email);
    const { secret } = await enrolApp(page, label);
    await logout(page);

    await login(page, env.srv.base, email, /\/login\/factor\/totp\?/);
    await shot(page, `challenge-totp-${label}`);
    // The enrolment used this time step; the next one is still within the
    // allowed skew and has not been used.
    await page.fill('#code', totp(secret, Date.now() + 30_000));
    await page.click('button[type=submit].primary');
    await page.waitForURL(/\/account$/);
    await page.goto(`${env.srv.base}/account/security`);
    assert.match(await page.textContent('main'), /Authenticator-app/);
    await shot(page, `security-${label}`);
    await context.close();
  });
}

test('recovery code: log in once, enrol again, get a new code', async () => {
  const { email } = newUser(env.srv, 'herstel');
  const context = await env.browser.newContext(desktop);
  const page = await context.newPage();
  await firstLogin(page, env.srv.base, email);
  const { recovery } = await enrolApp(page);
  await logout(page);

  await login(page, env.srv.base, email, /\/login\/factor\/totp\?/);
  await page.click('a[href^="/login/factor/recovery"]');
  await page.fill('#code', recovery.toLowerCase());
  await page.click('button[type=submit].primary');
  await page.waitForURL(/\/login\/enrol\?/);
  assert.match(await page.textContent('main'), /ingelogd met uw herstelcode/);
  const again = await enrolApp(page);
  assert.notEqual(again.recovery, recovery, 'a new recovery code');
  const mails = env.srv.mails(email).map((m) => m.subject);
  assert.ok(mails.some((s) => /tweestapsverificatie/i.test(s)), 'the user was told by mail');
  await logout(page);

  // The old code is used up.
  await login(page, env.srv.base, email, /\/login\/factor\/totp\?/);
  await page.click('a[href^="/login/factor/recovery"]');
  await page.fill('#code', recovery);
  await page.click('button[type=submit].primary');
  assert.match(await page.textContent('[role=alert]'), /niet juist of al gebruikt/);
  await context.close();
});
