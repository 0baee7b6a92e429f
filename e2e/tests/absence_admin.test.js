// The absence application's employer tools in Chromium, against a running
// `mijnaccount serve` and `absence serve`: a contactpersoon imports employees
// from a CSV sheet (preview, then confirm), records a service relation with an
// arbodienst on the relations page, sees two absences ten days apart added up
// on the Poortwachter timeline, and deletes the records whose retention term
// has expired.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, desktop, phone, shot } from '../lib/harness.js';
import * as lib from '../lib/absence.js';

const { isoDaysAgo, dutch } = lib;

let idp;
let absence;
let browser;
const state = {};

before(async () => {
  idp = await startServer();
  absence = await lib.startAbsence(idp, 'verzuim-beheer-e2e');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await absence?.stop();
  await idp?.stop();
});

// shots saves the page at phone and at desktop width (with SCREENSHOT_DIR).
async function shots(page, name) {
  await page.setViewportSize(phone.viewport);
  await shot(page, `${name}-phone`);
  await page.setViewportSize(desktop.viewport);
  await shot(page, `${name}-desktop`);
}

// employeeID finds the UI-id of the employee called name on the list.
async function employeeID(page, name) {
  await page.goto(`${absence.base}/employees`);
  const href = await page.getAttribute(`a:has-text("${name}")`, 'href');
  return href.split('/').pop();
}

async function reportSick(page, employee, first) {
  await page.goto(`${absence.base}/employees/${employee}/sick`);
  await page.fill('#first_sick_day', first);
  await page.click('button[type=submit].primary');
  await page.waitForURL(/\/cases\/VZ-[A-Z2-7]{8}$/);
  return new URL(page.url()).pathname.split('/').pop();
}

async function recoverFully(page, caseID, on) {
  await page.goto(`${absence.base}/cases/${caseID}`);
  await page.click('#full-recovery summary');
  await page.fill('#full-on', on);
  await page.click('#full-recovery button[type=submit]');
  await page.waitForSelector('#case-status:has-text("Volledig hersteld")');
}

test('contactpersoon: imports employees from a CSV sheet after a preview', async () => {
  state.wg = lib.orgUser(idp, 'contact', 'werkgever', 'contactpersoon', 'Tegelhandel Van Dam', 'Ilse van Dam');
  const context = await browser.newContext(desktop);
  const page = await context.newPage();
  state.page = page;
  await lib.firstLoginThroughApp(page, idp, absence, state.wg.email);

  await page.goto(`${absence.base}/import`);
  assert.match(await page.textContent('#situations'), /update/);
  await shots(page, 'absence-import');
  const template = await page.request.get(`${absence.base}/import/template.csv`);
  assert.equal(template.status(), 200);
  assert.match(await template.text(), /ui_id;actie;personeelsnummer/);

  const sheet = [
    'ui_id;actie;personeelsnummer;naam;geboortedatum;email;contracturen;in_dienst;uit_dienst',
    ';nieuw;2001;Anouk Jansen;12-03-1990;anouk@tegel.example;32;01-01-2019;',
    ';nieuw;2002;Bram Smit;05-07-1975;bram@tegel.example;40;01-02-2010;31-12-2022',
    'MW-AAAAAAAA;update;2003;Onbekend Persoon;01-01-1980;x@tegel.example;20;01-01-2020;',
    ';update;2004;Zonder Nummer;01-01-1980;y@tegel.example;20;01-01-2020;',
    ';nieuw;2005;Datum Fout;31-02-1980;z@tegel.example;20;01-01-2020;',
    ';nieuw;2006;Chris de Wit;23-09-1968;chris@tegel.example;36;01-05-2015;',
  ].join('\r\n');
  await page.setInputFiles('#file', { name: 'medewerkers.csv', mimeType: 'text/csv', buffer: Buffer.from(sheet, 'utf8') });
  await page.click('form[action="/import"] button[type=submit]');
  await page.waitForSelector('#import-counts');
  const counts = await page.textContent('#import-counts');
  assert.match(counts, /Nieuwe medewerkers: 3/);
  assert.match(counts, /bijgewerkt: 0/);
  assert.match(counts, /Afgekeurde regels: 3/);
  const lines = await page.$$eval('#rejected tr[data-line]', (rows) => rows.map((r) => r.dataset.line));
  assert.deepEqual(lines, ['4', '5', '6'], 'the rejected lines are named by number');
  assert.match(await page.textContent('#rejected tr[data-line="4"]'), /niet bekend|onbekend/i);
  await shots(page, 'absence-import-preview');

  // Nothing is written before the confirmation.
  await state.page.context().newPage().then(async (other) => {
    await other.goto(`${absence.base}/employees`);
    assert.doesNotMatch(await other.textContent('main'), /Anouk Jansen/);
    await other.close();
  });
  await page.click('form[action="/import/confirm"] button[type=submit]');
  await page.waitForSelector('#import-counts');
  await page.goto(`${absence.base}/employees`);
  const list = await page.textContent('main');
  assert.match(list, /Anouk Jansen/);
  assert.match(list, /Bram Smit/);
  assert.doesNotMatch(list, /Onbekend Persoon|Zonder Nummer|Datum Fout/);
  state.anouk = await employeeID(page, 'Anouk Jansen');
  state.bram = await employeeID(page, 'Bram Smit');
  state.chris = await employeeID(page, 'Chris de Wit');
});

test('contactpersoon: records a service relation, and the arbodienst sees the sick employee', async () => {
  // Absences ten days apart: sick 70 days ago, back 50 days ago, sick again 40 days ago.
  const page = state.page;
  const first = await reportSick(page, state.anouk, isoDaysAgo(70));
  await recoverFully(page, first, isoDaysAgo(50));
  state.second = await reportSick(page, state.anouk, isoDaysAgo(40));
  state.first = first;

  const arbo = lib.orgUser(idp, 'arbo-beheer', 'arbodienst', 'casemanager', 'Arbo Zuid', 'Rik Peeters');
  const arboContext = await browser.newContext(phone);
  const arboPage = await arboContext.newPage();
  await lib.firstLoginThroughApp(arboPage, idp, absence, arbo.email);
  await arboPage.goto(`${absence.base}/employees`);
  assert.doesNotMatch(await arboPage.textContent('main'), /Anouk Jansen/, 'no relation yet');

  await page.goto(`${absence.base}/relations`);
  await page.selectOption('#provider', arbo.org.id);
  await page.fill('#end', isoDaysAgo(-365));
  await page.fill('#start', isoDaysAgo(80));
  await page.click('form[action="/relations"] button[type=submit]');
  await page.waitForSelector('#relations li[data-state="active"]');
  assert.match(await page.textContent('#relations'), /Arbo Zuid/);
  await shots(page, 'absence-relations');

  await arboPage.goto(`${absence.base}/employees`);
  assert.match(await arboPage.textContent('main'), /Anouk Jansen/, 'sick within the relation');
  assert.doesNotMatch(await arboPage.textContent('main'), /Bram Smit/, 'never sick: not visible');
  state.arboPage = arboPage;
});

test('dossier: absences less than four weeks apart are added up', async () => {
  const page = state.page;
  await page.goto(`${absence.base}/cases/${state.second}`);
  const chain = await page.textContent('#chain');
  assert.match(chain, /Samengeteld/);
  assert.match(chain, new RegExp(state.first));
  assert.match(chain, /onderbreking van 10 dagen|onderbreking 10 dagen/);
  assert.ok(chain.includes(dutch(isoDaysAgo(70))), 'the waiting time counts from the first absence');
  // 20 + 41 sick days so far (the 10 days between do not count): week 9.
  assert.match(await page.textContent('main'), /nu in week 9/);
  await shots(page, 'absence-dossier-chain');

  // The arbodienst sees the same added-up timeline.
  await state.arboPage.goto(`${absence.base}/cases/${state.second}`);
  assert.match(await state.arboPage.textContent('#chain'), /Samengeteld/);
  await state.arboPage.context().close();
});

test('dossier: a corrected sick report and a loonsanctie that moves the WIA dates', async () => {
  const page = state.page;
  const caseID = await reportSick(page, state.chris, isoDaysAgo(680)); // week 98
  await page.click('#corrigeren summary');
  await page.fill('#correct-notes', 'Ziek gemeld via de leidinggevende.');
  await page.fill('#correct-case-reason', 'Notitie aangevuld na telefoongesprek');
  await page.click('form[action$="/corrections/case"] button[type=submit]');
  await page.waitForSelector('#corrections li');
  assert.match(await page.textContent('#corrections'), /Notitie aangevuld na telefoongesprek/);

  const before = await page.textContent('#stap-eindevaluatie');
  await page.click('#verlenging-vastleggen summary');
  await page.check('input[name=kind][value=loonsanctie]');
  await page.fill('#extension-weeks', '52');
  await page.fill('#extension-decided-on', isoDaysAgo(0));
  await page.fill('#extension-reference', 'UWV-2026-1234');
  await page.click('form[action$="/extensions"] button[type=submit]');
  await page.waitForSelector('#extensions li[data-kind="loonsanctie"]');
  assert.match(await page.textContent('#extension-effect'), /\d{2}-\d{2}-\d{4}/);
  const after = await page.textContent('#stap-eindevaluatie');
  assert.notEqual(after, before, 'the eindevaluatie / WIA step moves with the loonsanctie');
  assert.match(after, /week 143–156/);
  await shots(page, 'absence-dossier-extension');
});

test('contactpersoon: deletes the records whose retention term has expired', async () => {
  const page = state.page;
  // Bram left at the end of 2022; his absence ended in the autumn of 2022.
  const old = await reportSick(page, state.bram, isoDaysAgo(1500));
  await recoverFully(page, old, isoDaysAgo(1480));

  await page.goto(`${absence.base}/retention`);
  assert.match(await page.textContent('#expired-cases'), new RegExp(old));
  assert.match(await page.textContent('#expired-employees'), new RegExp(state.bram));
  const overview = await page.textContent('main');
  assert.doesNotMatch(overview, new RegExp(state.first), 'a recent absence is not due');
  assert.doesNotMatch(overview, /Anouk Jansen/);
  await shots(page, 'absence-retention');

  await page.check(`#case-${old}`);
  await page.check(`#employee-${state.bram}`);
  await page.click('form[action="/retention/confirm"] button[type=submit]');
  await page.waitForSelector('form[action="/retention/delete"]');
  assert.match(await page.textContent('main'), /definitief/);
  await shots(page, 'absence-retention-confirm');
  await page.click('form[action="/retention/delete"] button[type=submit]');
  await page.waitForSelector('#deleted');

  let res = await page.goto(`${absence.base}/cases/${old}`);
  assert.equal(res.status(), 404);
  res = await page.goto(`${absence.base}/employees/${state.bram}`);
  assert.equal(res.status(), 404);
  res = await page.goto(`${absence.base}/cases/${state.second}`);
  assert.equal(res.status(), 200, 'records in term stay');
  await page.context().close();
});
