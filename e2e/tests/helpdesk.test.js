// The helpdesk console: a helpdesk user (made with the CLI, first login with
// password change and the app wizard) finds a user, resets their second
// factors with a reason after proving their own factor, and the user goes
// through the enrolment wizard again at the next login.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, phone, desktop, shot } from '../lib/harness.js';
import { firstLogin, login, logout, keepRecoveryCode, smsCodes } from '../lib/flows.js';
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

// helpdeskLogin logs a helpdesk user in for the first time (new password,
// app wizard), then again with the app's code, so their factor is fresh.
async function helpdeskLogin(page, base, email) {
  await firstLogin(page, base, email);
  const { secret } = await enrolApp(page);
  await logout(page);
  await login(page, base, email, /\/login\/factor\/totp\?/);
  await page.fill('#code', totp(secret, Date.now() + 30_000));
  await page.click('button[type=submit].primary');
  await page.waitForURL(/\/account$/);
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

// Four eyes: in an organisation that demands them, a helpdesk user who asks
// for a temporary number (proven by the code the user reads out) only makes
// a request; a second helpdesk user approves it as it was asked, and only
// then do the codes go to the new number.
test('four eyes: a temporary number waits for a second helpdesk user', async () => {
  const label = 'vier-ogen';
  const arbo = env.srv.cli('org', 'create', '--name', 'Arbo Vier Ogen', '--domain', 'arbodienst');
  const employer = env.srv.cli('org', 'create', '--name', 'Bakkerij Vier Ogen', '--domain', 'werkgever', '--parent', arbo.id);
  env.srv.cli('helpdesk', 'four-eyes', employer.id, 'on');
  const user = `sanne-${label}@bakkerij.example`;
  const [desk1, desk2] = [`eerste-${label}@arbo.example`, `tweede-${label}@arbo.example`];
  env.srv.cli('user', 'create', '--org', employer.id, '--email', user, '--name', 'Sanne Vier', '--role', 'hr',
    '--password', 'Tijdelijk-wachtwoord-1');
  for (const desk of [desk1, desk2]) {
    env.srv.cli('user', 'create', '--org', arbo.id, '--email', desk, '--name', 'Henk Hulp', '--role', 'helpdesk',
      '--password', 'Tijdelijk-wachtwoord-1');
  }
  const own = '+31623450011';
  const temp = '+31645550022';

  // The user enrols their own number.
  const userCtx = await env.browser.newContext(desktop);
  const userPage = await userCtx.newPage();
  await firstLogin(userPage, env.srv.base, user);
  await userPage.click('a[href^="/login/enrol/sms"]');
  await userPage.waitForURL(/\/login\/enrol\/sms\?/);
  await userPage.fill('#phone', own);
  await userPage.click('button[type=submit].primary');
  await userPage.waitForURL(/\/login\/enrol\/sms\/verify\?/);
  await userPage.fill('#code', smsCodes(env.srv.dir, own).at(-1));
  await userPage.click('button[type=submit].primary');
  await keepRecoveryCode(userPage);
  await userPage.waitForURL(/\/account$/);

  // The first helpdesk user asks for the temporary number.
  const ctx1 = await env.browser.newContext(desktop);
  const page = await ctx1.newPage();
  await helpdeskLogin(page, env.srv.base, desk1);
  await page.goto(`${env.srv.base}/helpdesk`);
  await page.fill('#q', user);
  await page.click('button[type=submit].primary');
  await page.waitForURL(/\/helpdesk\/users\/[a-z0-9]+$/);
  const userURL = page.url();
  assert.match(await page.textContent('#factors'), /\*\* 11/);
  await page.click('form[action$="/start-swap"] button');
  await page.waitForURL(/\/start-swap\??$/);
  assert.match(await page.textContent('main'), /vier-ogenprincipe/);
  await page.fill('#reason', 'Belde op: telefoon kapot, tijdelijk ander nummer');
  await page.fill('#ticket', 'INC-4ogen');
  await page.fill('#phone', temp);
  await page.click('button[type=submit].primary');
  await page.waitForSelector('#swap-code-sent');
  await page.fill('#code', smsCodes(env.srv.dir, temp).at(-1));
  await page.click('button[type=submit].primary');
  await page.waitForURL(userURL);
  assert.match(await page.textContent('[role=status]'), /verzoek is opgeslagen/);
  assert.match(await page.textContent('#pending-start-swap'), /Tijdelijk ander nummer instellen.*\*\* 22/s);
  assert.match(await page.textContent('#factors'), /\*\* 11/, 'the own number is still in use');
  assert.equal(await page.locator('form[action$="/approve"]').count(), 0, 'the requester is not offered the approval');
  await shot(page, 'helpdesk-request-desktop');

  // The second helpdesk user approves it from the list of waiting requests.
  const ctx2 = await env.browser.newContext(desktop);
  const page2 = await ctx2.newPage();
  await helpdeskLogin(page2, env.srv.base, desk2);
  await page2.goto(`${env.srv.base}/helpdesk`);
  assert.match(await page2.textContent('#pending'), /Sanne Vier.*Tijdelijk ander nummer instellen/s);
  await page2.click(`#pending a[href="${new URL(userURL).pathname}"]`);
  await page2.waitForURL(userURL);
  await page2.click('#pending-start-swap form[action$="/approve"] button');
  await page2.waitForURL(/\/approve\?request=/);
  assert.match(await page2.textContent('#request-phone'), /\*\* 22/);
  assert.match(await page2.textContent('#request-until'), /geen einddatum/);
  assert.match(await page2.textContent('#request-effect'), /tijdelijke nummer hierboven/);
  assert.equal(await page2.locator('#phone').count(), 0, 'the approver cannot change the number');
  await page2.fill('#reason', 'Teruggebeld op het bekende nummer, klopt');
  await shot(page2, 'helpdesk-approve-desktop');
  await page2.click('button[type=submit].primary');
  await page2.waitForURL(userURL);
  assert.match(await page2.textContent('[role=status]'), /goedgekeurd en uitgevoerd/);
  assert.match(await page2.textContent('#factors'), /\*\* 22/);

  // The user's session has ended; the next login texts the temporary number.
  await userPage.goto(`${env.srv.base}/account`);
  await userPage.waitForURL(/\/login/);
  const before = smsCodes(env.srv.dir, temp).length;
  await login(userPage, env.srv.base, user, /\/login\/factor\/sms\?/);
  const codes = smsCodes(env.srv.dir, temp);
  assert.equal(codes.length, before + 1, 'the login code went to the temporary number');
  await userPage.fill('#code', codes.at(-1));
  await userPage.click('button[type=submit].primary');
  await userPage.waitForURL(/\/account$/);
  for (const c of [userCtx, ctx1, ctx2]) await c.close();
});
