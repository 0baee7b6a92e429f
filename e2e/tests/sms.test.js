// The wizard with a phone number and a login with a texted code, read from
// the SMS outbox the server writes in its embedded mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, phone, desktop, shot } from '../lib/harness.js';
import { newUser, firstLogin, login, logout, keepRecoveryCode, smsCodes } from '../lib/flows.js';

const env = setup();

for (const [label, device, number, e164] of [
  ['phone', phone, '06 2345 6789', '+31623456789'],
  ['desktop', desktop, '+32 470 12 34 56', '+32470123456'],
]) {
  test(`SMS: wizard and login on a ${label}`, async () => {
    const { email } = newUser(env.srv, `sms-${label}`);
    const context = await env.browser.newContext(device);
    const page = await context.newPage();
    await firstLogin(page, env.srv.base, email);
    await page.click('a[href^="/login/enrol/sms"]');
    await page.waitForURL(/\/login\/enrol\/sms\?/);
    await page.fill('#phone', '+1 415 555 0100');
    await page.click('button[type=submit].primary');
    assert.match(await page.textContent('[role=alert]'), /niet toegestaan/);
    await page.fill('#phone', number);
    await shot(page, `enrol-sms-phone-${label}`);
    await page.click('button[type=submit].primary');
    await page.waitForURL(/\/login\/enrol\/sms\/verify\?/);
    await shot(page, `enrol-sms-code-${label}`);
    const [code] = smsCodes(env.srv.dir, e164);
    assert.match(code, /^\d{6}$/);
    await page.fill('#code', code);
    await page.click('button[type=submit].primary');
    await keepRecoveryCode(page);
    await page.waitForURL(/\/account$/);
    await logout(page);

    await login(page, env.srv.base, email, /\/login\/factor\/sms\?/);
    assert.match(await page.textContent('main'), /gestuurd naar \+3\d/);
    await shot(page, `challenge-sms-${label}`);
    const codes = smsCodes(env.srv.dir, e164);
    assert.equal(codes.length, 2, 'the login texted one code right away');
    await page.fill('#code', codes[1]);
    await page.click('button[type=submit].primary');
    await page.waitForURL(/\/account$/);
    await context.close();
  });
}
