// A black-box test of the provider with the certified relying-party library
// openid-client against a running `mijnaccount serve`: discovery, code +
// PKCE through a real login in Chromium, ID token validation, userinfo,
// refresh with rotation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import * as client from 'openid-client';
import { setup, desktop } from '../lib/harness.js';
import { newUser, firstLogin, keepRecoveryCode } from '../lib/flows.js';
import { totp } from '../lib/totp.js';

const env = setup();

// callbackServer is the relying party's redirect target; it only answers.
async function callbackServer() {
  const srv = http.createServer((req, res) => { res.end('rp'); });
  await new Promise((ok) => srv.listen(0, '127.0.0.1', ok));
  return { srv, url: `http://127.0.0.1:${srv.address().port}/callback` };
}

test('openid-client: discovery, code + PKCE, ID token, userinfo, refresh', async () => {
  const { srv: rp, url: redirectUri } = await callbackServer();
  try {
    const registered = env.srv.cli('client', 'create', '--id', 'verzuim-e2e', '--name', 'Verzuim e2e',
      '--redirect-uri', redirectUri, '--grant', 'authorization_code,refresh_token',
      '--scope', 'openid,profile,email,org,roles,offline_access', '--first-party');
    assert.ok(registered.secret, 'the CLI prints the secret once');

    const config = await client.discovery(new URL(env.srv.base), 'verzuim-e2e',
      { client_secret: registered.secret, id_token_signed_response_alg: 'ES256' }, client.ClientSecretBasic(registered.secret),
      { execute: [client.allowInsecureRequests] });
    const meta = config.serverMetadata();
    assert.deepEqual(meta.code_challenge_methods_supported, ['S256']);
    assert.deepEqual(meta.response_types_supported, ['code']);
    assert.equal(meta.authorization_response_iss_parameter_supported, true);

    const { email } = newUser(env.srv, 'oidc-rp');
    const context = await env.browser.newContext(desktop);
    const page = await context.newPage();
    // First login on the provider itself: password change and the wizard.
    await firstLogin(page, env.srv.base, email);
    await page.click('a[href^="/login/enrol/totp"]');
    await page.click('details.manual summary');
    const secret = (await page.textContent('#totp-secret')).replace(/\s/g, '');
    await page.fill('#code', totp(secret));
    await page.click('button[type=submit].primary');
    await keepRecoveryCode(page);
    await page.waitForURL(/\/account$/);
    await page.click('form.logout button');

    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const authUrl = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri, scope: 'openid profile email org roles offline_access',
      code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', state, nonce,
    });
    // The browser has no session: the provider sends it through the login
    // (password and app code) and back to the authorization request.
    await page.goto(authUrl.href);
    await page.waitForURL(/\/login\?flow=/);
    await page.fill('#email', email);
    await page.fill('#password', 'Herfst-in-het-bos-2026');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/login\/factor\/totp\?/);
    // The enrolment used the current time step; the next one is within the skew.
    await page.fill('#code', totp(secret, Date.now() + 30_000));
    await page.click('button[type=submit].primary');
    await page.waitForURL((u) => u.href.startsWith(redirectUri));
    const current = new URL(page.url());
    assert.equal(current.searchParams.get('iss'), env.srv.base);

    const tokens = await client.authorizationCodeGrant(config, current,
      { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
    const claims = tokens.claims();
    assert.equal(claims.iss, env.srv.base);
    assert.deepEqual([claims.aud].flat(), ['verzuim-e2e']);
    assert.equal(claims.email, email);
    assert.equal(claims.domain, 'werkgever');
    assert.deepEqual(claims.amr, ['pwd', 'otp']);
    assert.equal(claims.acr, 'aal2');
    assert.ok(tokens.refresh_token, 'offline_access gives a refresh token');

    const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    assert.equal(info.sub, claims.sub);
    assert.equal(info.org_name, 'Organisatie oidc-rp');

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
    assert.notEqual(refreshed.refresh_token, tokens.refresh_token, 'refresh tokens rotate');
    assert.equal(refreshed.claims().sub, claims.sub);
    await assert.rejects(client.refreshTokenGrant(config, tokens.refresh_token), (e) => e.error === 'invalid_grant', 'the old refresh token is dead');
    await context.close();
  } finally {
    rp.close();
  }
});
