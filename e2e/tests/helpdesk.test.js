// The helpdesk console: a helpdesk user (made with the CLI, first login with
// password change and the app wizard) finds a user, resets their second
// factors with a reason after proving their own factor, and the user goes
// through the enrolment wizard again at the next login.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, phone, desktop, shot } from '../lib/harness.js';
import { firstLogin, login, logout, keepRecoveryCode } from '../lib/flows.js';
import { totp } from '../lib/totp.js';

const env = setup();

// enrolApp goes through the wizard with the authenticator app and returns
// the secret and the recovery code.
async function enrolApp(page) {
  await page.click('a[href^="/login/enrol/totp"]');
  await page.waitForURL(/\/login\/enrol\/totp\?/);
  await page.click('details.manual summary');
  const secret = (await page.textContent('#totp-secret')).replace(/\s/g, '');
  await page.fill('#code', totp(secret));
  await page.click('button[type=submit].primary');
  const recovery = await keepRecoveryCode(page);
  await page.waitForURL(/\/account$/);
  return { secret, recovery };
}

// people makes an arbodienst with an employer below it, a user at the
// employer and a helpdesk user at the arbodienst, both with a temporary
// password.
function people(srv, label) {
  const arbo = srv.cli('org', 'create', '--name', `Arbo Helpdesk ${label}`, '--domain', 'arbodienst');
  const employer = srv.cli('org', 'create', '--name', `Bakkerij ${label}`, '--domain', 'werkgever', '--parent', arbo.id);
  const user = `sanne-${label}@bakkerij.example`;
  const desk = `helpdesk-${label}@arbo.example`;
  srv.cli('user', 'create', '--org', employer.id, '--email', user, '--name', 'Sanne de Boer', '--role', 'hr',
    '--password', 'Tijdelijk-wachtwoord-1');
  srv.cli('user', 'create', '--org', arbo.id, '--email', desk, '--name', 'Henk Hulp', '--role', 'helpdesk',
    '--password', 'Tijdelijk-wachtwoord-1');
  return { user, desk };
}

for (const [label, device] of [['phone', phone], ['desktop', desktop]]) {
  test(`helpdesk resets a user's factors on a ${label}; the user enrols again`, async () => {
    const { user, desk } = people(env.srv, label);
    const userCtx = await env.browser.newContext(device);
    const userPage = await userCtx.newPage();
    await firstLogin(userPage, env.srv.base, user);
    const before = await enrolApp(userPage);

    const deskCtx = await env.browser.newContext(device);
    const page = await deskCtx.newPage();
    await firstLogin(page, env.srv.base, desk);
    const { secret } = await enrolApp(page);
    // Prove the factor again: log out and answer the app's code question.
    await logout(page);
    await login(page, env.srv.base, desk, /\/login\/factor\/totp\?/);
    await page.fill('#code', totp(secret, Date.now() + 30_000));
    await page.click('button[type=submit].primary');
    await page.waitForURL(/\/account$/);

    // Find the user by email address.
    await page.click('nav.tabs a[href="/helpdesk"]');
    await page.waitForURL(/\/helpdesk$/);
    await page.fill('#q', user.toUpperCase());
    await shot(page, `helpdesk-search-${label}`);
    await page.click('button[type=submit].primary');
    await page.waitForURL(/\/helpdesk\/users\/[a-z0-9]+$/);
    const userURL = page.url();
    let text = await page.textContent('main');
    assert.match(text, /Sanne de Boer/);
    assert.match(text, /Authenticator-app/);
    assert.match(text, /Er is een herstelcode/);
    assert.match(text, /login\.succeeded/, 'recent security events are listed');
    assert.doesNotMatch(text, new RegExp(before.secret), 'no secret on the page');
    await shot(page, `helpdesk-user-${label}`);

    // Reset, with a reason and a ticket.
    await page.click('form[action$="/reset-factors"] button');
    await page.waitForURL(/\/reset-factors\??$/);
    assert.match(await page.textContent('main'), /herstelcode worden verwijderd/);
    await page.fill('#reason', 'Belde op: telefoon kwijt, teruggebeld op het bekende nummer');
    await page.fill('#ticket', `INC-${label}`);
    await shot(page, `helpdesk-action-${label}`);
    await page.click('button[type=submit].primary');
    await page.waitForURL(userURL);
    assert.match(await page.textContent('[role=status]'), /tweestapsverificatie is gereset/);
    text = await page.textContent('main');
    assert.match(text, /Geen tweede stap ingesteld/);
    assert.match(text, /Er is geen herstelcode/);
    await shot(page, `helpdesk-done-${label}`);
    assert.ok(env.srv.mails(user).some((m) => m.purpose === 'helpdesk_action'), 'the user was mailed');

    // The user's session has ended; the next login goes through the wizard.
    await userPage.goto(`${env.srv.base}/account`);
    await userPage.waitForURL(/\/login/);
    await login(userPage, env.srv.base, user, /\/login\/enrol\?/);
    const after = await enrolApp(userPage);
    assert.notEqual(after.recovery, before.recovery, 'a new recovery code');
    await userCtx.close();
    await deskCtx.close();
  });
}
