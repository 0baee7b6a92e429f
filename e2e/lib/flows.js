// Steps several browser tests share: a first login with a temporary
// password, and reading codes from the outboxes.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';

export const password = 'Herfst-in-het-bos-2026';

// newUser creates an organisation and a user with a temporary password.
export function newUser(srv, label, domain = 'werkgever') {
  const org = srv.cli('org', 'create', '--name', `Organisatie ${label}`, '--domain', domain);
  const email = `${label}@factor.example`.toLowerCase();
  srv.cli('user', 'create', '--org', org.id, '--email', email, '--name', 'Noor Visser', '--role', 'hr',
    '--password', 'Tijdelijk-wachtwoord-1');
  return { org, email };
}

// firstLogin logs in with the temporary password, sets the real one and
// ends on the enrolment wizard.
export async function firstLogin(page, base, email) {
  await page.goto(`${base}/login`);
  await setPassword(page, email);
}

// setPassword, on the login page, logs in with the temporary password, sets
// the real one and waits for the enrolment wizard.
export async function setPassword(page, email) {
  await page.fill('#email', email);
  await page.fill('#password', 'Tijdelijk-wachtwoord-1');
  await page.click('button[type=submit]');
  await page.waitForURL(/\/login\/password\?/);
  await page.fill('#new_password', password);
  await page.fill('#repeat_password', password);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/login\/enrol\?/);
}

// login submits email and password and waits for the factor step.
export async function login(page, base, email, step) {
  await page.goto(`${base}/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  await page.waitForURL(step);
}

// logout ends the session from the portal.
export async function logout(page) {
  await page.click('form.logout button');
  await page.waitForURL(/\/logout|\/login/);
}

// keepRecoveryCode reads the code off the page, confirms it and returns it.
export async function keepRecoveryCode(page) {
  await page.waitForURL(/\/login\/enrol\/recovery\?/);
  const code = (await page.textContent('#recovery-code code')).trim();
  assert.match(code, /^[A-Z2-7]{5}(-[A-Z2-7]{5}){3}$/);
  await page.check('input[name=stored]');
  await page.click('button[type=submit].primary');
  return code;
}

// smsCodes returns the codes texted to a number, oldest first; texts without
// a code (the notices of a phone swap) are left out.
export function smsCodes(dir, to) {
  const file = join(dir, 'outbox', 'sms.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    .filter((m) => m.to === to).map((m) => m.body.match(/\b\d{6}\b/)).filter(Boolean).map((m) => m[0]);
}
