// Test harness: runs the real mijnaccount binary on a fresh data directory
// (SQLite, memory store, outboxes) and drives Debian's Chromium.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import net from 'node:net';
import { chromium } from 'playwright-core';
import { selfSignedCert, startTLSProxy } from './tlsproxy.js';
import { before, after } from 'node:test';

const bin = process.env.MIJNACCOUNT_BIN || resolve('..', 'bin', 'mijnaccount');

// freePort returns a loopback port that was free a moment ago.
export async function freePort() {
  return new Promise((ok, fail) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
    srv.on('error', fail);
  });
}

// startServer runs mijnaccount on a fresh data directory. Options:
// https serves it as https://localhost:PORT through a TLS-terminating proxy
// (self-signed certificate; browser contexts need ignoreHTTPSErrors) in
// front of the plain-HTTP listener; env(base) returns extra settings, given
// the issuer URL.
export async function startServer({ https = false, env: extraEnv } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mijnaccount-e2e-'));
  const port = await freePort();
  const publicPort = https ? await freePort() : port;
  const base = `${https ? 'https' : 'http'}://localhost:${publicPort}`;
  const env = {
    ...process.env,
    MIJNACCOUNT_DATA_DIR: dir,
    MIJNACCOUNT_LISTEN: `127.0.0.1:${port}`,
    MIJNACCOUNT_ISSUER: base,
    MIJNACCOUNT_LOG_LEVEL: 'warn',
    MIJNACCOUNT_PASSWORD_ARGON2_MEMORY_KIB: '8192',
    MIJNACCOUNT_PASSWORD_ARGON2_TIME: '1',
    ...(extraEnv ? extraEnv(base) : {}),
  };
  // The server refuses unknown MIJNACCOUNT_* settings; this one is the harness's own.
  delete env.MIJNACCOUNT_BIN;
  const proxy = https ? await startTLSProxy(publicPort, port, selfSignedCert(dir)) : null;
  let stop;
  try {
    ({ stop } = await serveUntilReady(bin, env, https ? `http://127.0.0.1:${port}` : base, 'mijnaccount'));
  } catch (err) {
    await proxy?.close();
    throw err;
  }
  const cli = (...args) => JSON.parse(execFileSync(bin, [...args, '--output', 'json'], { env, encoding: 'utf8' }));
  const mails = (to) => {
    const file = join(dir, 'outbox', 'mail.jsonl');
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((m) => m.to === to);
  };
  const stopAll = async () => {
    await proxy?.close();
    await stop();
  };
  return { base, dir, cli, mails, stop: stopAll };
}

// serveUntilReady runs `binary serve` with env and waits until base/readyz
// answers 200; stop ends the process with SIGTERM and waits for it.
export async function serveUntilReady(binary, env, base, name) {
  const proc = spawn(binary, ['serve'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const deadline = Date.now() + 15000;
  for (;;) {
    try {
      const res = await fetch(`${base}/readyz`);
      if (res.status === 200) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`${name} did not become ready`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = async () => {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
  };
  return { stop };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export const phone = { locale: 'nl-NL', viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true };
export const desktop = { locale: 'nl-NL', viewport: { width: 1280, height: 800 } };

// shot saves a screenshot when SCREENSHOT_DIR is set (used to refresh docs/screenshots).
export async function shot(page, name) {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

// setup starts a server and a browser before the file's tests and stops them
// after; the returned object holds both once the tests run.
export function setup() {
  const env = {};
  before(async () => {
    env.srv = await startServer();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.srv?.stop();
  });
  return env;
}
