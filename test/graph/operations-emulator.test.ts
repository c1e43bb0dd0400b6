// Each Graph operation against the local emulator over real sockets.
import { createHash } from 'node:crypto';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { createGraphClient } from '../../src/graph/client.js';
import { APP_TOKEN_REMEDY, debugToken, debugTokens } from '../../src/graph/debug-token.js';
import { pollDeviceLogin, startDeviceLogin } from '../../src/graph/device-login.js';
import { GraphError } from '../../src/graph/graph-error.js';
import { getMe } from '../../src/graph/me.js';
import { PKCE_REMEDY, appTokenFor, exchangeCode, exchangeForLongLived, revokeSystemUserToken } from '../../src/graph/oauth.js';
import { listManagedPages, pageTokenFor } from '../../src/graph/pages.js';
import { listPermissions, revokeAppAuthorization, revokePermission } from '../../src/graph/permissions.js';
import { getSubscribedApps, subscribeApp } from '../../src/graph/subscriptions.js';
import { generateSystemUserToken } from '../../src/graph/system-users.js';
import type { GraphClient } from '../../src/graph/types.js';
import { failure, fakeClock } from './helpers.js';

let emu: Emulator;
let graph: GraphClient;
let appToken: string;

async function setup(options: EmulatorOptions = {}) {
  emu = await startEmulator({ requireAppSecretProof: true, ...options });
  graph = createGraphClient({
    baseUrl: emu.url, version: 'v26.0', appSecret: emu.appSecret, timeoutMs: 2000, maxWaitMs: 0, clock: fakeClock(), userAgent: 't',
  });
  appToken = appTokenFor(emu.appId, emu.appSecret);
}

afterEach(async () => {
  await graph?.close();
  await emu?.close();
});

const REDIRECT = 'http://localhost:8765/callback';
async function loginCode(extra: Record<string, string> = {}): Promise<string> {
  const url = new URL(`${emu.url}/v26.0/dialog/oauth`);
  const params = { client_id: emu.appId, redirect_uri: REDIRECT, state: 's1', scope: 'pages_show_list', response_type: 'code', ...extra };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const res = await request(url);
  await res.body.dump();
  expect(res.statusCode).toBe(302);
  const code = new URL(String(res.headers.location)).searchParams.get('code');
  expect(code).toBeTruthy();
  return code!;
}

describe('oauth', () => {
  it('exchanges a code once, with expiry from the server Date; a reused code fails without retry', async () => {
    await setup();
    const code = await loginCode();
    const grant = await exchangeCode(graph, { appId: emu.appId, appSecret: emu.appSecret, redirectUri: REDIRECT, code });
    expect(grant.accessToken).toBeTruthy();
    expect(grant.tokenType).toBe('bearer');
    expect(grant.expiresInSeconds).toBeGreaterThan(0);
    expect(grant.expiresAt).toBe(grant.obtainedAt + grant.expiresInSeconds! * 1000);
    expect(Math.abs(grant.obtainedAt - Date.now())).toBeLessThan(5_000);
    const e = await failure(exchangeCode(graph, { appId: emu.appId, appSecret: emu.appSecret, redirectUri: REDIRECT, code }));
    expect(e.graphCode).toBe(100);
    expect(emu.requestCount('/oauth/access_token')).toBe(2);
  });

  it('a redirect URI mismatch names the rule; a PKCE verifier mismatch (36010) says the code was not this login\'s, never to turn PKCE off', async () => {
    await setup();
    const e = await failure(exchangeCode(graph, { appId: emu.appId, appSecret: emu.appSecret, redirectUri: `${REDIRECT}/x`, code: await loginCode() }));
    expect(e.remedy).toMatch(/redirect URI must match/);
    const verifier = 'v'.repeat(50);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const code = await loginCode({ code_challenge: challenge, code_challenge_method: 'S256' });
    const bad = await failure(exchangeCode(graph, { appId: emu.appId, redirectUri: REDIRECT, code, codeVerifier: 'w'.repeat(50) }));
    expect(bad).toMatchObject({ subcode: 36010, code: 'PKCE_MISMATCH', exitCode: 3 });
    expect(bad.remedy).toMatch(/did not belong to this login.*start again with `fbtok login`/);
    expect(bad.remedy).not.toMatch(/no-pkce|pkce false|turn(ed)? off|disable/i);
    const other = await failure(exchangeCode(graph, { appId: emu.appId, redirectUri: REDIRECT, code: await loginCode({ code_challenge: challenge, code_challenge_method: 'S256' }) }));
    expect(other.remedy).toBe(PKCE_REMEDY);
    expect(PKCE_REMEDY).not.toMatch(/no-pkce|pkce false|turn(ed)? off|disable/i);
    const good = await exchangeCode(graph, { appId: emu.appId, redirectUri: REDIRECT, code: await loginCode({ code_challenge: challenge, code_challenge_method: 'S256' }), codeVerifier: verifier });
    expect(good.accessToken).toBeTruthy();
  });

  it('exchanges a short-lived token for a ~60-day one', async () => {
    await setup();
    const short = emu.issueUserToken({ lifetime: 'short' });
    const grant = await exchangeForLongLived(graph, { appId: emu.appId, appSecret: emu.appSecret, token: short });
    expect(grant.accessToken).not.toBe(short);
    expect(grant.expiresInSeconds).toBeGreaterThan(50 * 86_400);
    const last = emu.requests.at(-1)!;
    expect(last.query.set_token_expires_in_60_days).toBeUndefined();
    expect(last.query.appsecret_proof).toBeUndefined();
  });

  it('a wrong app secret (code 1 from Facebook) is a configuration error, not retried', async () => {
    await setup();
    const short = emu.issueUserToken({ lifetime: 'short' });
    const before = emu.requestCount('/oauth/access_token');
    const bad = await failure(exchangeForLongLived(graph, { appId: emu.appId, appSecret: 'wrong-secret-000', token: short }));
    expect(emu.requestCount('/oauth/access_token') - before).toBe(1);
    expect(bad.exitCode).toBe(2);
    expect(bad.remedy).toContain('FBTOK_APP_SECRET');
    expect(bad.message).not.toContain('wrong-secret-000');
  });

  it('refreshes an expiring system-user token with set_token_expires_in_60_days, and revokes it', async () => {
    await setup();
    const token = emu.issueSystemUserToken({ expiring: true });
    const grant = await exchangeForLongLived(graph, { appId: emu.appId, appSecret: emu.appSecret, token, systemUser: true });
    expect(emu.requests.at(-1)!.form.set_token_expires_in_60_days).toBe('true');
    expect(grant.expiresInSeconds).toBeGreaterThan(50 * 86_400);
    const revoked = await revokeSystemUserToken(graph, { appId: emu.appId, appSecret: emu.appSecret, token: grant.accessToken });
    expect(revoked).toEqual({ revoked: true });
    const info = await debugToken(graph, { appToken, inputToken: grant.accessToken });
    expect(info.valid).toBe(false);
  });
});

describe('debug_token', () => {
  it('reads a valid user token, a Page token, an invalid and a malformed one', async () => {
    await setup({ pages: 1 });
    const user = emu.issueUserToken({ lifetime: 'long' });
    const info = await debugToken(graph, { appToken, inputToken: user });
    expect(info).toMatchObject({ valid: true, type: 'USER', appId: emu.appId, userId: emu.user.id, error: null });
    expect(info.scopes.length).toBeGreaterThan(0);
    expect(info.expiresAt).toBeGreaterThan(Date.now());

    const page = emu.pageTokenFor(user, emu.pages[0].id);
    const pageInfo = await debugToken(graph, { appToken, inputToken: page });
    expect(pageInfo).toMatchObject({ valid: true, type: 'PAGE', profileId: emu.pages[0].id, expiresAt: null });

    emu.invalidateToken(user, 460);
    const dead = await debugToken(graph, { appToken, inputToken: user });
    expect(dead.valid).toBe(false);
    expect(dead.error).toMatchObject({ code: 190, subcode: 460 });

    const junk = await debugToken(graph, { appToken, inputToken: 'not-a-token' });
    expect(junk).toMatchObject({ valid: false, appId: null, type: null, scopes: [] });
    expect(junk.error?.message).toBeTruthy();
  });

  it('a bad app token throws with a remedy about the app id and secret', async () => {
    await setup();
    const e = await failure(debugToken(graph, { appToken: `${emu.appId}|wrongsecret0123456789`, inputToken: emu.issueUserToken() }));
    expect(e.remedy).toBe(APP_TOKEN_REMEDY);
    expect(e.message).not.toContain('wrongsecret0123456789');
  });

  it('debugTokens: 120 tokens in 3 requests, results in input order', async () => {
    await setup();
    const tokens = Array.from({ length: 120 }, (_, n) => (n % 7 === 3 ? `junk-${n}` : emu.issueUserToken({ lifetime: n % 2 ? 'long' : 'short' })));
    const before = graph.stats.requests;
    const infos = await debugTokens(graph, { appToken, inputTokens: tokens });
    expect(graph.stats.requests - before).toBe(3);
    infos.forEach((info, n) => expect(info.valid).toBe(n % 7 !== 3));
  });
});

describe('pages, me, permissions, subscriptions', () => {
  it('lists managed Pages with their tokens and derives one', async () => {
    await setup({ pages: [{ id: '111', name: 'Bot One', tasks: ['MANAGE', 'MESSAGING'], category: 'App page' }, { id: '222', name: 'Two' }] });
    const user = emu.issueUserToken({ lifetime: 'long' });
    const pages = await listManagedPages(graph, { userToken: user });
    expect(pages.map((p) => p.id)).toEqual(['111', '222']);
    expect(pages[0]).toMatchObject({ name: 'Bot One', category: 'App page', tasks: ['MANAGE', 'MESSAGING'] });
    expect(pages[0].accessToken).toBeTruthy();
    const token = await pageTokenFor(graph, { userToken: user, pageId: '111' });
    expect((await debugToken(graph, { appToken, inputToken: token })).profileId).toBe('111');
    expect(await getMe(graph, { token: user })).toEqual({ id: emu.user.id, name: emu.user.name });
  });

  it('lists and revokes permissions; de-authorizing kills the token (190/458)', async () => {
    await setup();
    const user = emu.issueUserToken({ lifetime: 'long', scopes: ['pages_show_list', 'pages_messaging'] });
    const perms = await listPermissions(graph, { userToken: user });
    expect(perms).toEqual(expect.arrayContaining([{ permission: 'pages_messaging', status: 'granted' }]));
    expect(await revokePermission(graph, { userToken: user, permission: 'pages_messaging' })).toEqual({ success: true });
    expect((await listPermissions(graph, { userToken: user })).find((p) => p.permission === 'pages_messaging')?.status).not.toBe('granted');
    expect(await revokeAppAuthorization(graph, { userToken: user })).toEqual({ success: true });
    const e = await failure(getMe(graph, { token: user }));
    expect(e).toMatchObject({ graphCode: 190, exitCode: 3 });
  });

  it('subscribes the app to Page webhooks and reads it back', async () => {
    await setup({ pages: 1 });
    const user = emu.issueUserToken({ lifetime: 'long' });
    const pageToken = emu.pageTokenFor(user, emu.pages[0].id);
    const pageId = emu.pages[0].id;
    expect(await subscribeApp(graph, { pageId, pageToken, fields: ['messages', 'messaging_postbacks'] })).toEqual({ success: true });
    const apps = await getSubscribedApps(graph, { pageId, pageToken });
    expect(apps).toHaveLength(1);
    expect(apps[0].id).toBe(emu.appId);
    expect(apps[0].subscribedFields).toEqual(['messages', 'messaging_postbacks']);
  });
});

describe('device login', () => {
  it('start, pending, slow-down, authorized; and expired', async () => {
    await setup();
    const clientAccessToken = `${emu.appId}|${emu.clientToken}`;
    const start = await startDeviceLogin(graph, { clientAccessToken, scopes: ['pages_show_list'] });
    expect(start).toMatchObject({ verificationUri: 'https://www.facebook.com/device', expiresInSeconds: 420, intervalSeconds: 5 });
    expect(await pollDeviceLogin(graph, { clientAccessToken, code: start.code })).toEqual({ status: 'pending' });
    emu.injectFault({ match: '/device/login_status', kind: 'device-slow-down' });
    expect(await pollDeviceLogin(graph, { clientAccessToken, code: start.code })).toEqual({ status: 'slow-down' });
    emu.approveDevice(start.userCode);
    const done = await pollDeviceLogin(graph, { clientAccessToken, code: start.code });
    expect(done.status).toBe('authorized');
    if (done.status === 'authorized') {
      expect((await getMe(graph, { token: done.accessToken })).id).toBe(emu.user.id);
      expect(done.dataAccessExpiresAt).toBeGreaterThan(Date.now());
    }
    const again = await startDeviceLogin(graph, { clientAccessToken, scopes: [] });
    emu.expireDeviceCode(again.userCode);
    expect(await pollDeviceLogin(graph, { clientAccessToken, code: again.code })).toEqual({ status: 'expired' });
  });

  it('without a client token: a GraphError (190), not a poll state', async () => {
    await setup();
    const e = await failure(startDeviceLogin(graph, { clientAccessToken: appToken, scopes: [] }));
    expect(e.graphCode).toBe(190);
  });
});

describe('system users', () => {
  it('generates an expiring token with the admin token and its appsecret_proof', async () => {
    await setup();
    const admin = emu.issueSystemUserToken();
    const grant = await generateSystemUserToken(graph, { systemUserId: emu.systemUserId, appId: emu.appId, scopes: ['pages_messaging'], adminToken: admin });
    const last = emu.requests.at(-1)!;
    expect(last.form).toMatchObject({ business_app: emu.appId, scope: 'pages_messaging', set_token_expires_in_60_days: 'true' });
    const info = await debugToken(graph, { appToken, inputToken: grant.accessToken });
    expect(info).toMatchObject({ valid: true, type: 'SYSTEM_USER' });
    expect(info.expiresAt).not.toBeNull();
  });
});
