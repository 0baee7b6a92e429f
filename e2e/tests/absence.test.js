// The absence application (bin/absence) as a relying party of a running
// `mijnaccount serve`, through real logins in Chromium: an employer registers
// an employee, reports them sick, follows the Poortwachter timeline and
// reports partial then full recovery; an arbodienst sees the employee only
// while its service relation holds; a bedrijfsarts records medical notes the
// employer never sees; a leidinggevende sees only their own team; logout is
// RP-initiated and back-channel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, desktop, phone } from '../lib/harness.js';
import * as lib from '../lib/absence.js';

const { isoDaysAgo, dutch } = lib;
const orgUser = (...args) => lib.orgUser(idp, ...args);
const firstLoginThroughApp = (page, email) => lib.firstLoginThroughApp(page, idp, absence, email);
const registerEmployee = (page, number, name) => lib.registerEmployee(page, absence, number, name);

let idp;
let absence;
let browser;

before(async () => {
  idp = await startServer();
  absence = await lib.startAbsence(idp);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await absence?.stop();
  await idp?.stop();
});

const state = {};

test('pages post only to the application itself', async () => {
  const res = await fetch(`${absence.base}/`);
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /form-action 'self'$/, 'form-action is self only');
  assert.doesNotMatch(csp, new RegExp(idp.base.replace(/[.:/]/g, '\\$&')));
  // The login leaves by a plain GET redirect to the provider.
  const login = await fetch(`${absence.base}/login`, { redirect: 'manual' });
  assert.equal(login.status, 302);
  const to = new URL(login.headers.get('location'));
  assert.equal(to.origin, idp.base);
  assert.equal(to.searchParams.get('code_challenge_method'), 'S256');
  // It asks for a login no older than the session's lifetime (8 hours).
  assert.equal(to.searchParams.get('max_age'), '28800');
});

test('employer: register, report sick, timeline, partial and full recovery', async () => {
  const wg = orgUser('hr', 'werkgever', 'hr', 'Bakkerij De Korenschoof', 'Noor Visser');
  state.wg = wg;
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  state.employerPage = page;
  await firstLoginThroughApp(page, wg.email);
  assert.match(await page.textContent('main'), /Bakkerij De Korenschoof/);

  const employee = await registerEmployee(page, '1001', 'Sanne de Vries');
  state.employee = employee;
  state.healthy = await registerEmployee(page, '1002', 'Kees Bakker');

  await page.goto(`${absence.base}/employees/${employee}`);
  await page.click(`a[href="/employees/${employee}/sick"]`);
  const first = isoDaysAgo(49); // week 8 of the absence
  await page.fill('#first_sick_day', first);
  await page.fill('#notes', 'Telefonisch gemeld door de medewerker.');
  await page.click('button[type=submit].primary');
  await page.waitForURL(/\/cases\/VZ-[A-Z2-7]{8}$/);
  state.case = new URL(page.url()).pathname.split('/').pop();
  const main = await page.textContent('main');
  assert.match(main, /De ziekmelding is geregistreerd/);
  assert.match(main, /nu in week 8/);
  assert.ok(main.includes(dutch(first)), 'the first sick day is shown as dd-mm-jjjj');
  assert.equal(await page.getAttribute('#stap-probleemanalyse', 'data-status'), 'overdue');
  assert.equal(await page.getAttribute('#stap-plan_van_aanpak', 'data-status'), 'due');
  assert.equal(await page.getAttribute('#stap-uwv_melding', 'data-status'), 'upcoming');
  assert.match(await page.textContent('#stap-eindevaluatie'), /week 91–104/);
  assert.match(await page.textContent('#next-step'), /Probleemanalyse/);

  // Mark the problem analysis done.
  await page.click('#stap-probleemanalyse details summary');
  await page.fill('#note-probleemanalyse', 'Besproken met de bedrijfsarts.');
  await page.click('#stap-probleemanalyse button[type=submit]');
  await page.waitForSelector('#stap-probleemanalyse[data-status="done"]');

  // Partial recovery, then full.
  await page.click('#partial-recovery summary');
  await page.fill('#partial-percentage', '50');
  await page.fill('#partial-on', isoDaysAgo(2));
  await page.click('#partial-recovery button[type=submit]');
  await page.waitForSelector('#recoveries');
  assert.match(await page.textContent('main'), /Het gedeeltelijk herstel is geregistreerd/);
  assert.match(await page.textContent('#recoveries'), /50% aan het werk/);
  assert.match(await page.textContent('#case-status'), /Werkt weer voor 50%/);

  await page.click('#full-recovery summary');
  await page.click('#full-recovery button[type=submit]');
  await page.waitForSelector('#case-status:has-text("Volledig hersteld")');
  assert.match(await page.textContent('#case-status'), new RegExp(`Volledig hersteld per ${dutch(isoDaysAgo(0))}`));
  assert.equal(await page.isVisible('#full-recovery'), false, 'no recovery form once recovered');

  await page.goto(`${absence.base}/employees`);
  const list = await page.textContent('main');
  assert.match(list, /Sanne de Vries/);
  assert.match(list, /Kees Bakker/);
});

test('arbodienst: sees the employee only while the relation holds, and only when sick', async () => {
  const arbo = orgUser('casemanager', 'arbodienst', 'casemanager', 'Arbodienst Gezond Werk', 'Jeroen de Boer');
  const rel = absence.cli('relation', 'add', '--provider', arbo.org.id, '--employer', state.wg.org.id, '--start', isoDaysAgo(30));
  assert.match(rel.id, /^DR-/);

  const context = await browser.newContext(desktop);
  const page = await context.newPage();
  await firstLoginThroughApp(page, arbo.email);
  await page.goto(`${absence.base}/employees`);
  let main = await page.textContent('main');
  assert.match(main, /Bakkerij De Korenschoof/);
  assert.match(main, /Sanne de Vries/, 'sick within the relation: visible');
  assert.doesNotMatch(main, /Kees Bakker/, 'never sick: not visible');
  let res = await page.goto(`${absence.base}/employees/${state.healthy}`);
  assert.equal(res.status(), 404);
  res = await page.goto(`${absence.base}/cases/${state.case}`);
  assert.equal(res.status(), 200);
  main = await page.textContent('main');
  assert.match(main, /Probleemanalyse/);
  assert.doesNotMatch(main, /Medische notities/);

  // The relation ends yesterday: the employee disappears.
  absence.cli('relation', 'end', '--id', rel.id, '--end', isoDaysAgo(1));
  await page.goto(`${absence.base}/employees`);
  assert.doesNotMatch(await page.textContent('main'), /Sanne de Vries/);
  res = await page.goto(`${absence.base}/employees/${state.employee}`);
  assert.equal(res.status(), 404);
  res = await page.goto(`${absence.base}/cases/${state.case}`);
  assert.equal(res.status(), 404);

  // Logging out of Mijn Account ends the application's session by back-channel.
  await page.goto(`${idp.base}/account`);
  await page.click('form.logout button');
  await page.waitForURL(/\/logout|\/login/);
  let sentToLogin = false;
  for (let i = 0; i < 50 && !sentToLogin; i++) {
    await page.goto(`${absence.base}/employees`);
    sentToLogin = page.url().startsWith(`${idp.base}/login`);
    if (!sentToLogin) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(sentToLogin, 'the absence session ended with the provider session');
  await context.close();
});

test('bedrijfsarts: medical notes the employer cannot see', async () => {
  const arts = orgUser('arts', 'bedrijfsarts', 'bedrijfsarts', 'Bedrijfsartsenpraktijk Noord', 'Dr. Fatima el Amrani');
  absence.cli('relation', 'add', '--provider', arts.org.id, '--employer', state.wg.org.id, '--start', isoDaysAgo(60));
  const context = await browser.newContext(desktop);
  const page = await context.newPage();
  await firstLoginThroughApp(page, arts.email);
  const res = await page.goto(`${absence.base}/cases/${state.case}`);
  assert.equal(res.status(), 200);
  assert.match(await page.textContent('main'), /Medische notities/);
  await page.fill('#medical-body', 'Lage rugpijn, fysiotherapie gestart.');
  await page.click('form[action$="/medical-notes"] button[type=submit]');
  await page.waitForSelector('#medical-notes');
  assert.match(await page.textContent('#medical-notes'), /fysiotherapie gestart/);
  await context.close();

  const employer = state.employerPage;
  await employer.goto(`${absence.base}/cases/${state.case}`);
  const main = await employer.textContent('main');
  assert.doesNotMatch(main, /fysiotherapie/);
  assert.doesNotMatch(main, /Medische notities/);
});

test('leidinggevende: sees only the employees of their own team', async () => {
  // A leidinggevende of the employer logs in once, which makes them a
  // choice on the employee form; until hr puts someone in their team they
  // see no one.
  idp.cli('user', 'create', '--org', state.wg.org.id, '--email', 'lotte@verzuim.example', '--name', 'Lotte Leiding',
    '--role', 'leidinggevende', '--password', 'Tijdelijk-wachtwoord-1');
  const context = await browser.newContext(desktop);
  const page = await context.newPage();
  await firstLoginThroughApp(page, 'lotte@verzuim.example');
  await page.goto(`${absence.base}/employees`);
  let main = await page.textContent('main');
  assert.match(main, /U ziet alleen de medewerkers van wie u leidinggevende bent/);
  assert.doesNotMatch(main, /Sanne de Vries|Kees Bakker/);
  let res = await page.goto(`${absence.base}/employees/${state.employee}`);
  assert.equal(res.status(), 404);

  // hr puts Sanne in Lotte's team on the employee form.
  const hr = state.employerPage;
  await hr.goto(`${absence.base}/employees/${state.employee}/edit`);
  const value = await hr.$eval('#manager', (s) => [...s.options].find((o) => o.textContent.includes('Lotte Leiding')).value);
  await hr.selectOption('#manager', value);
  await hr.click(`form[action="/employees/${state.employee}"] button[type=submit]`);
  await hr.waitForURL(`${absence.base}/employees/${state.employee}`);
  assert.match(await hr.textContent('#manager'), /Lotte Leiding/);

  await page.goto(`${absence.base}/employees`);
  main = await page.textContent('main');
  assert.match(main, /Sanne de Vries/, 'in the team: visible');
  assert.doesNotMatch(main, /Kees Bakker/, 'outside the team: not visible');
  res = await page.goto(`${absence.base}/cases/${state.case}`);
  assert.equal(res.status(), 200);
  res = await page.goto(`${absence.base}/employees/${state.healthy}`);
  assert.equal(res.status(), 404);
  await context.close();
});

test('employee: reports sick from the employee portal', async () => {
  // Kees Bakker was registered by the employer with 1002@bakkerij.example
  // and birth date 12-04-1985; the employer's organisation gives him a
  // login with the werknemer role and the same birth date. His first visit
  // to the portal links the login to his record by both.
  idp.cli('user', 'create', '--org', state.wg.org.id, '--email', '1002@bakkerij.example', '--name', 'Kees Bakker',
    '--birthdate', '1985-04-12', '--role', 'werknemer', '--password', 'Tijdelijk-wachtwoord-1');
  await state.employerPage.goto(`${absence.base}/employees/${state.healthy}`);
  assert.match(await state.employerPage.textContent('#portal-link-status'), /geen Mijn Account/);
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  // Created with a password, his address is proven only by the
  // confirmation link mailed to it; the portal links proven addresses only.
  const confirm = idp.mails('1002@bakkerij.example')
    .map((m) => m.text.match(/https?:\/\/\S+\/email\/confirm\/[a-z0-9]+/)).find(Boolean);
  assert.ok(confirm, 'a confirmation link is mailed');
  await page.goto(confirm[0]);
  await page.click('form[action^="/email/confirm/"] button[type=submit]');
  assert.match(await page.textContent('main'), /E-mailadres bevestigd/);
  await firstLoginThroughApp(page, '1002@bakkerij.example');
  await page.goto(`${absence.base}/me`);
  assert.match(await page.textContent('#portal-status'), /aan het werk|werkt/i);
  await state.employerPage.goto(`${absence.base}/employees/${state.healthy}`);
  assert.match(await state.employerPage.textContent('#portal-link-status'), new RegExp(`gekoppeld sinds ${dutch(isoDaysAgo(0))}`));
  await page.fill('#first_sick_day', isoDaysAgo(0));
  await page.click('#portal-sick button[type=submit]');
  await page.waitForURL(`${absence.base}/me`);
  assert.match(await page.textContent('#portal-status'), new RegExp(dutch(isoDaysAgo(0))));
  // The employer sees the report.
  await state.employerPage.goto(`${absence.base}/employees/${state.healthy}`);
  assert.match(await state.employerPage.textContent('main'), new RegExp(dutch(isoDaysAgo(0))));
  // Another employee's page is not the portal's business.
  const other = await page.goto(`${absence.base}/employees/${state.employee}`);
  assert.ok(other.status() === 403 || other.status() === 404, `an employee must not see a colleague (${other.status()})`);
  await context.close();
});

test('employer: logout ends the session here and at Mijn Account', async () => {
  const page = state.employerPage;
  await page.goto(absence.base);
  await page.click('form.logout button');
  await page.waitForURL(`${absence.base}/logged-out`);
  assert.match(await page.textContent('main'), /U bent uitgelogd/);
  // Both sessions are gone: logging in again asks for the password.
  await page.goto(`${absence.base}/employees`);
  await page.waitForURL(/\/login\?flow=/);
  assert.ok(page.url().startsWith(idp.base));
  await page.context().close();
});
