// Helpers for browser tests of the absence application (bin/absence) as a
// relying party of a running `mijnaccount serve` (see harness.js).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, serveUntilReady } from './harness.js';
import { keepRecoveryCode, setPassword } from './flows.js';
import { totp } from './totp.js';

const absenceBin = process.env.ABSENCE_BIN || resolve('..', 'bin', 'absence');

// startAbsence registers the application as a client of the provider and
// runs bin/absence against it on a fresh data directory.
export async function startAbsence(idp, clientID = 'verzuim-e2e') {
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const client = idp.cli('client', 'create', '--id', clientID, '--name', 'Verzuim',
    '--redirect-uri', `${base}/callback`, '--post-logout-redirect-uri', `${base}/logged-out`,
    '--backchannel-logout-uri', `${base}/backchannel-logout`, '--scope', 'openid,profile,email,org,roles', '--first-party');
  const dir = mkdtempSync(join(tmpdir(), 'absence-e2e-'));
  const env = {
    ...process.env,
    ABSENCE_ISSUER: idp.base,
    ABSENCE_CLIENT_ID: client.client_id,
    ABSENCE_CLIENT_SECRET: client.secret,
    ABSENCE_LISTEN: `127.0.0.1:${port}`,
    ABSENCE_URL: base,
    ABSENCE_DATA_DIR: dir,
    ABSENCE_LOG_LEVEL: 'warn',
  };
  const { stop } = await serveUntilReady(absenceBin, env, base, 'absence');
  const cli = (...args) => JSON.parse(execFileSync(absenceBin, [...args, '--output', 'json'], { env, encoding: 'utf8' }));
  return { base, cli, stop };
}

// orgUser creates, at the provider idp, an organisation of domain and a
// user with role in it.
export function orgUser(idp, label, domain, role, orgName, userName) {
  const org = idp.cli('org', 'create', '--name', orgName, '--domain', domain);
  const email = `${label}@verzuim.example`;
  idp.cli('user', 'create', '--org', org.id, '--email', email, '--name', userName, '--role', role,
    '--password', 'Tijdelijk-wachtwoord-1');
  return { org, email };
}

// firstLoginThroughApp starts at the absence application, goes through the
// provider's first login (new password, authenticator app, recovery code)
// and comes back logged in.
export async function firstLoginThroughApp(page, idp, absence, email) {
  await page.goto(absence.base);
  await page.click('a[href="/login"]');
  await page.waitForURL(/\/login\?flow=/);
  assert.ok(page.url().startsWith(idp.base), 'the login happens at Mijn Account');
  await setPassword(page, email);
  await page.click('a[href^="/login/enrol/totp"]');
  await page.waitForURL(/\/login\/enrol\/totp\?/);
  await page.click('details.manual summary');
  const secret = (await page.textContent('#totp-secret')).replace(/\s/g, '');
  await page.fill('#code', totp(secret));
  await page.click('button[type=submit].primary');
  await keepRecoveryCode(page);
  await page.waitForURL((u) => u.href.startsWith(absence.base));
  assert.match(await page.textContent('main'), /Welkom,/);
}

export function isoDaysAgo(n) {
  const d = new Date(Date.now() - n * 24 * 3600 * 1000);
  const ams = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });
  return ams.format(d); // YYYY-MM-DD
}

export function dutch(iso) {
  const [y, m, d] = iso.split('-');
  return `${d}-${m}-${y}`;
}

export async function registerEmployee(page, absence, number, name) {
  await page.goto(`${absence.base}/employees`);
  await page.click('a[href="/employees/new"]');
  await page.fill('#personnel_number', number);
  await page.fill('#name', name);
  await page.fill('#birth_date', '1985-04-12');
  await page.fill('#email', `${number}@bakkerij.example`);
  await page.fill('#contract_hours', '32');
  await page.fill('#employment_start', '2020-01-01');
  await page.click('button[type=submit].primary');
  await page.waitForURL(/\/employees\/MW-[A-Z2-7]{8}$/);
  assert.match(await page.textContent('main'), /De medewerker is geregistreerd/);
  return new URL(page.url()).pathname.split('/').pop();
}

