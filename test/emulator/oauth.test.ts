import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { REDIRECT, appToken, debug, dialog, get, loginCode, pkcePair, post } from './helpers.js';

let emu: Emulator;
beforeEach(async () => { emu = await startEmulator(); });
afterEach(async () => { await emu.close(); });

const exchange = (query: Record<string, string>) =>
  get(emu, '/v26.0/oauth/access_token', { client_id: emu.appId, redirect_uri: REDIRECT, ...query });

describe('login dialog', () => {
  it('redirects with code and state and the #_=_ fragment', async () => {
    const { status, location } = await dialog(emu, { redirect_uri: REDIRECT, state: 'xyz', scope: 'pages_show_list' });
    expect(status).toBe(302);
    expect(location!.origin + location!.pathname).toBe(REDIRECT);
    expect(location!.searchParams.get('state')).toBe('xyz');
    expect(location!.searchParams.get('code')).toMatch(/^AQ[A-Za-z0-9]+$/);
    expect(location!.hash).toBe('#_=_');
  });

  it('answers an HTML 400 page for a wrong client_id or a missing redirect_uri', async () => {
    const wrong = await dialog(emu, { client_id: '999', redirect_uri: REDIRECT });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('<html>');
    expect((await dialog(emu, { state: 'a' })).status).toBe(400);
  });

  it('denies with the documented error parameters', async () => {
    emu.setOptions({ dialog: 'deny' });
    const { location } = await dialog(emu, { redirect_uri: REDIRECT, state: 'st' });
    expect(Object.fromEntries(location!.searchParams)).toEqual({
      error: 'access_denied', error_code: '200', error_description: 'Permissions error', error_reason: 'user_denied', state: 'st',
    });
  });

  it('serves a consent page whose buttons post back and redirect', async () => {
    emu.setOptions({ dialog: 'page' });
    const page = await dialog(emu, { redirect_uri: REDIRECT, state: 'p1', scope: 'pages_show_list' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<button id="approve" type="submit" name="decision" value="approve">Continue as Emu Lator</button>');
    expect(page.text).toContain('id="deny"');
    const action = /action="([^"]+)"/.exec(page.text)![1];
    const hidden = Object.fromEntries([...page.text.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const res = await fetch(emu.url + action, { method: 'POST', body: new URLSearchParams({ ...hidden, decision: 'approve' }), redirect: 'manual' });
    expect(res.status).toBe(302);
    const loc = new URL(res.headers.get('location')!);
    expect(loc.searchParams.get('state')).toBe('p1');
    const token = await exchange({ code: loc.searchParams.get('code')!, client_secret: emu.appSecret });
    expect(token.status).toBe(200);
    const denied = await fetch(emu.url + action, { method: 'POST', body: new URLSearchParams({ ...hidden, decision: 'deny' }), redirect: 'manual' });
    expect(new URL(denied.headers.get('location')!).searchParams.get('error')).toBe('access_denied');
  });

  it('keeps declined scopes declined unless auth_type=rerequest', async () => {
    emu.setOptions({ declinedScopes: ['pages_messaging'] });
    const first = await exchange({ code: await loginCode(emu, { scope: 'pages_messaging' }), client_secret: emu.appSecret });
    expect((await debug(emu, first.json.access_token)).scopes).not.toContain('pages_messaging');
    const again = await exchange({ code: await loginCode(emu, { scope: 'pages_messaging', auth_type: 'rerequest' }), client_secret: emu.appSecret });
    const data = await debug(emu, again.json.access_token);
    expect(data.scopes).toContain('pages_messaging');
    expect(data.metadata).toEqual({ auth_type: 'rerequest' });
  });
});

describe('code exchange', () => {
  it('returns a short-lived bearer token by default, a ~60-day one with codeExchangeLifetime long', async () => {
    const res = await exchange({ code: await loginCode(emu), client_secret: emu.appSecret });
    expect(res.json).toEqual({ access_token: expect.stringMatching(/^EAA[A-Za-z0-9]{140,}$/), token_type: 'bearer', expires_in: 3600 });
    emu.setOptions({ codeExchangeLifetime: 'long' });
    const long = await exchange({ code: await loginCode(emu), client_secret: emu.appSecret });
    expect(long.json.expires_in).toBe(5_184_000);
    expect(long.json.access_token).not.toBe(res.json.access_token);
  });

  it('rejects a redirect_uri that differs from the dialog one', async () => {
    const res = await exchange({ code: await loginCode(emu), client_secret: emu.appSecret, redirect_uri: REDIRECT + '/' });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      type: 'OAuthException', code: 100,
      message: 'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
    });
  });

  it('rejects a code used twice', async () => {
    const code = await loginCode(emu);
    expect((await exchange({ code, client_secret: emu.appSecret })).status).toBe(200);
    const again = await exchange({ code, client_secret: emu.appSecret });
    expect(again.json.error).toMatchObject({ code: 100, message: 'This authorization code has been used.' });
  });

  it('rejects a wrong client_secret', async () => {
    const res = await exchange({ code: await loginCode(emu), client_secret: 'nope' });
    expect(res.json.error).toMatchObject({ code: 1, message: 'Error validating client secret.' });
  });

  it('honours PKCE S256 and plain, and names the verifier on mismatch', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await loginCode(emu, { code_challenge: challenge, code_challenge_method: 'S256' });
    const bad = await exchange({ code, code_verifier: pkcePair().verifier });
    expect(bad.json.error.code).toBe(100);
    expect(bad.json.error.message).toContain('code_verifier');
    const missing = await exchange({ code });
    expect(missing.json.error.message).toContain('code_verifier');
    expect((await exchange({ code, code_verifier: verifier })).status).toBe(200);
    const plain = await loginCode(emu, { code_challenge: verifier, code_challenge_method: 'plain' });
    expect((await exchange({ code: plain, code_verifier: verifier })).json.token_type).toBe('bearer');
  });

  it('expires codes after ten minutes by the injected clock', async () => {
    let now = 1_750_000_000_000;
    const clocked = await startEmulator({ now: () => now });
    try {
      const { location } = await dialog(clocked, { redirect_uri: REDIRECT });
      now += 11 * 60 * 1000;
      const res = await get(clocked, '/oauth/access_token', {
        client_id: clocked.appId, client_secret: clocked.appSecret, redirect_uri: REDIRECT, code: location!.searchParams.get('code')!,
      });
      expect(res.json.error).toMatchObject({ code: 100, error_subcode: 36007 });
    } finally { await clocked.close(); }
  });
});

describe('fb_exchange_token', () => {
  const longLived = (token: string) => get(emu, '/v26.0/oauth/access_token', {
    grant_type: 'fb_exchange_token', client_id: emu.appId, client_secret: emu.appSecret, fb_exchange_token: token,
  });

  it('turns a short-lived token into a new ~60-day one', async () => {
    const short = emu.issueUserToken();
    const res = await longLived(short);
    expect(res.json.access_token).not.toBe(short);
    expect(res.json.expires_in).toBe(5_184_000);
    expect(res.json.token_type).toBe('bearer');
  });

  it('hands a long-lived token back unchanged, or a fresh one with extendLongLivedOnExchange', async () => {
    let now = 1_750_000_000_000;
    const clocked = await startEmulator({ now: () => now });
    try {
      const token = clocked.issueUserToken({ lifetime: 'long' });
      now += 86_400_000;
      const ask = () => get(clocked, '/oauth/access_token', {
        grant_type: 'fb_exchange_token', client_id: clocked.appId, client_secret: clocked.appSecret, fb_exchange_token: token,
      });
      const same = await ask();
      expect(same.json.access_token).toBe(token);
      expect(same.json.expires_in).toBe(5_184_000 - 86_400);
      clocked.setOptions({ extendLongLivedOnExchange: true });
      const fresh = await ask();
      expect(fresh.json.access_token).not.toBe(token);
      expect(fresh.json.expires_in).toBe(5_184_000);
    } finally { await clocked.close(); }
  });

  it('refuses expired or invalid tokens with 190 and the subcode, and needs the secret', async () => {
    const token = emu.issueUserToken();
    emu.expireToken(token);
    expect((await longLived(token)).json.error).toMatchObject({ code: 190, error_subcode: 463, type: 'OAuthException' });
    expect((await longLived('garbage')).json.error).toMatchObject({ code: 190, message: 'Invalid OAuth access token - Cannot parse access token' });
    const noSecret = await get(emu, '/oauth/access_token', { grant_type: 'fb_exchange_token', client_id: emu.appId, fb_exchange_token: emu.issueUserToken() });
    expect(noSecret.status).toBe(400);
  });

  it('refreshes an expiring system-user token with set_token_expires_in_60_days', async () => {
    const su = emu.issueSystemUserToken({ expiring: true });
    const res = await get(emu, '/oauth/access_token', {
      grant_type: 'fb_exchange_token', client_id: emu.appId, client_secret: emu.appSecret, fb_exchange_token: su,
      set_token_expires_in_60_days: 'true',
    });
    expect(res.json.access_token).not.toBe(su);
    expect(res.json.expires_in).toBe(5_184_000);
    expect((await debug(emu, res.json.access_token)).type).toBe('SYSTEM_USER');
  });
});

describe('client_credentials and revoke', () => {
  it('returns the APPID|SECRET app token', async () => {
    const res = await get(emu, '/oauth/access_token', { grant_type: 'client_credentials', client_id: emu.appId, client_secret: emu.appSecret });
    expect(res.json).toEqual({ access_token: appToken(emu), token_type: 'bearer' });
  });

  it('revokes a token through /oauth/revoke', async () => {
    const su = emu.issueSystemUserToken();
    const res = await post(emu, '/v26.0/oauth/revoke', { client_id: emu.appId, client_secret: emu.appSecret, revoke_token: su, access_token: su });
    expect(res.json).toEqual({ success: true });
    const data = await debug(emu, su);
    expect(data.is_valid).toBe(false);
    expect(data.error.subcode).toBe(466);
  });
});
