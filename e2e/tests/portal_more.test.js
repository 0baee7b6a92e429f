// The portal pages added beside the factors: a temporary phone number, stand-ins,
// and the SMS usage report for finance (with its chart), on a phone and a desktop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, phone, desktop, shot } from '../lib/harness.js';
import { firstLogin, keepRecoveryCode, smsCodes } from '../lib/flows.js';
import { totp } from '../lib/totp.js';

const env = setup();

// enrolApp finishes the wizard with the authenticator app.
async function enrolApp(page) {
  await page.click('a[href^="/login/enrol/totp"]');
  await page.click('details.manual summary');
  const secret = (await page.textContent('#totp-secret')).replace(/\s/g, '');
  await page.fill('#code', totp(secret));
  await page.click('button[type=submit].primary');
  await keepRecoveryCode(page);
  await page.waitForURL(/\/account$/);
}

for (const [label, device] of [['phone', phone], ['desktop', desktop]]) {
  test(`temporary phone number and stand-ins on a ${label}`, async () => {
    const org = env.srv.cli('org', 'create', '--name', `Verlof ${label}`, '--domain', 'werkgever');
    const email = `verlof-${label}@portal.example`;
    env.srv.cli('user', 'create', '--org', org.id, '--email', email, '--name', 'Lotte de Boer',
      '--role', 'hr', '--role', 'org-admin', '--password', 'Tijdelijk-wachtwoord-1');
    env.srv.cli('user', 'create', '--org', org.id, '--email', `collega-${label}@portal.example`, '--name', 'Ruben Smit',
      '--role', 'leidinggevende', '--password', 'Tijdelijk-wachtwoord-1');
    const own = label === 'phone' ? '+31644440001' : '+31644440002';
    const context = await env.browser.newContext(device);
    const page = await context.newPage();
    await firstLogin(page, env.srv.base, email);
    await page.click('a[href^="/login/enrol/sms"]');
    await page.fill('#phone', own);
    await page.click('button[type=submit].primary');
    await page.fill('#code', smsCodes(env.srv.dir, own).at(-1));
    await page.click('button[type=submit].primary');
    await keepRecoveryCode(page);
    await page.waitForURL(/\/account$/);

    await page.goto(`${env.srv.base}/account/security`);
    await page.click('form[action="/account/security/swap"] button');
    await page.waitForURL(/\/login\/enrol\/sms\?/);
    assert.ok(await page.isVisible('#until'), 'the swap form asks for an end date');
    await shot(page, `swap-${label}`);

    await page.goto(`${env.srv.base}/account/standins`);
    assert.match(await page.textContent('main'), /Vervanging regelen/);
    await page.selectOption('#role', { label: 'hr' });
    const today = new Date();
    const day = (n) => new Date(today.getTime() + n * 86400000).toISOString().slice(0, 10);
    await page.fill('#starts', day(1));
    await page.fill('#ends', day(8));
    await page.click('form[action="/account/standins"] button[type=submit]');
    await page.waitForURL(/notice=standin_given/);
    assert.match(await page.textContent('#standins-given'), /Ruben Smit/);
    await shot(page, `standins-${label}`);
    await context.close();
  });

  test(`finance report on a ${label}`, async () => {
    const org = env.srv.cli('org', 'create', '--name', `Beheer ${label}`, '--domain', 'werkgever');
    const email = `financien-${label}@portal.example`;
    env.srv.cli('user', 'create', '--org', org.id, '--email', email, '--name', 'Sophie Mulder',
      '--role', 'finance', '--password', 'Tijdelijk-wachtwoord-1');
    const context = await env.browser.newContext(device);
    const page = await context.newPage();
    await firstLogin(page, env.srv.base, email);
    await enrolApp(page);
    await page.goto(`${env.srv.base}/finance/sms`);
    assert.ok(await page.isVisible('figure.chart svg'), 'the chart is drawn on the server');
    assert.match(await page.textContent('#sms-report'), /Verlof/, 'the customers that sent SMS are listed');
    await shot(page, `finance-${label}`);
    const download = page.waitForEvent('download');
    await page.click('a[download]');
    assert.match((await download).suggestedFilename(), /^sms-\d{4}-\d{2}\.csv$/);
    await context.close();
  });
}
