// A new colleague is invited by mail, proves who they are, chooses a
// password, logs in and lands in the Mijn Account portal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, phone, desktop, shot } from '../lib/harness.js';
import { keepRecoveryCode } from '../lib/flows.js';
import { totp } from '../lib/totp.js';

const env = setup();

for (const [label, device] of [['phone', phone], ['desktop', desktop]]) {
  test(`invitation mail to portal on a ${label}`, async () => {
    const org = env.srv.cli('org', 'create', '--name', `Bouwbedrijf ${label}`, '--domain', 'werkgever');
    const email = `collega.${label}@bouw.example`;
    env.srv.cli('user', 'create', '--org', org.id, '--email', email, '--name', 'Sanne Bakker',
      '--birthdate', '1988-06-15', '--role', 'hr', '--invite');

    const mails = env.srv.mails(email);
    assert.equal(mails.length, 1, 'one invitation mail');
    assert.match(mails[0].subject, /uitnodiging|Mijn Account/i);
    const link = mails[0].text.match(/https?:\/\/\S+\/invite\/[a-z0-9]+/)[0];

    const context = await env.browser.newContext(device);
    const page = await context.newPage();
    await page.goto(link);
    await shot(page, `invite-identity-${label}`);
    await page.fill('#email', email);
    await page.fill('#birthdate', '15-06-1988');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/password$/);
    await shot(page, `invite-password-${label}`);
    await page.fill('#new_password', 'Zomer-aan-zee-2026');
    await page.fill('#repeat_password', 'Zomer-aan-zee-2026');
    await page.click('button[type=submit]');
    await page.getByRole('link', { name: 'Inloggen' }).first().click();
    await page.waitForURL(/\/login\?flow=/);
    await shot(page, `login-${label}`);
    await page.fill('#email', email);
    await page.fill('#password', 'Zomer-aan-zee-2026');
    await page.click('button[type=submit]');
    // The first login goes through the second-factor wizard.
    await page.waitForURL(/\/login\/enrol\?/);
    await page.click('a[href^="/login/enrol/totp"]');
    await page.click('details.manual summary');
    const secret = (await page.textContent('#totp-secret')).replace(/\s/g, '');
    await page.fill('#code', totp(secret));
    await page.click('button[type=submit].primary');
    await keepRecoveryCode(page);
    await page.waitForURL(/\/account$/);
    const body = await page.textContent('main');
    assert.match(body, new RegExp(`Bouwbedrijf ${label}`));
    assert.match(body, /Sanne Bakker/);
    assert.match(body, /hr/);
    await shot(page, `portal-${label}`);

    // The link works once.
    const again = await page.goto(link);
    assert.equal(again.status(), 410);
    await context.close();
  });
}
