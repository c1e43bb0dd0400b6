// Operations on MockAgent: the shapes our facts mark unsure (extra, missing or oddly typed fields).
import { afterEach, describe, expect, it } from 'vitest';
import { debugToken, debugTokens, parseTokenInfo } from '../../src/graph/debug-token.js';
import { pollDeviceLogin, startDeviceLogin } from '../../src/graph/device-login.js';
import { GraphError } from '../../src/graph/graph-error.js';
import { getMe } from '../../src/graph/me.js';
import { exchangeCode, exchangeForLongLived } from '../../src/graph/oauth.js';
import { listManagedPages, pageTokenFor } from '../../src/graph/pages.js';
import { listPermissions, revokeAppAuthorization } from '../../src/graph/permissions.js';
import { getSubscribedApps } from '../../src/graph/subscriptions.js';
import { generateSystemUserToken, installAppForSystemUser } from '../../src/graph/system-users.js';
import { APP_TOKEN, USER_TOKEN, envelope, rig } from './helpers.js';

let r: ReturnType<typeof rig> | undefined;
afterEach(async () => {
  await r?.done();
  r = undefined;
});

async function failure(p: Promise<unknown>): Promise<GraphError> {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(GraphError);
  return error as GraphError;
}

describe('oauth', () => {
  it('expiry comes from the server Date, else the clock; no expires_in means unknown', async () => {
    r = rig();
    r!.reply('POST', '/v26.0/oauth/access_token', 200, { access_token: 'EAAnew', token_type: 'bearer', expires_in: '5183999' }, { date: 'Sat, 01 Aug 2026 10:00:00 GMT' });
    r!.reply('POST', '/v26.0/oauth/access_token', 200, { access_token: 'EAAnew2', extra: 1 });
    const a = await exchangeForLongLived(r!.graph, { appId: '42', appSecret: 's', token: USER_TOKEN });
    expect(a).toEqual({ accessToken: 'EAAnew', tokenType: 'bearer', expiresInSeconds: 5183999, obtainedAt: Date.UTC(2026, 7, 1, 10), expiresAt: Date.UTC(2026, 7, 1, 10) + 5183999_000 });
    const b = await exchangeForLongLived(r!.graph, { appId: '42', appSecret: 's', token: USER_TOKEN });
    expect(b).toMatchObject({ tokenType: null, expiresInSeconds: null, expiresAt: null, obtainedAt: r!.clock.now() });
    // The secret and the token go in the POST body, never in the URL.
    expect(r!.seen[0].url.search).toBe('');
    expect(Object.fromEntries(r!.seen[0].form)).toEqual({ grant_type: 'fb_exchange_token', client_id: '42', client_secret: 's', fb_exchange_token: USER_TOKEN });
  });

  it('exchangeCode is never retried, and an answer without access_token is a typed error', async () => {
    r = rig();
    r!.reply('POST', '/v26.0/oauth/access_token', 503, envelope(2, 'temporary', { is_transient: true }));
    r!.reply('POST', '/v26.0/oauth/access_token', 200, { token_type: 'bearer' });
    const opts = { appId: '42', redirectUri: 'http://localhost/cb', code: 'AQc', codeVerifier: 'v'.repeat(43) };
    expect((await failure(exchangeCode(r!.graph, opts))).exitCode).toBe(6);
    expect(r!.graph.stats.requests).toBe(1);
    expect((await failure(exchangeCode(r!.graph, opts))).code).toBe('GRAPH_UNEXPECTED_RESPONSE');
    expect(r!.seen[0].url.search).toBe('');
    expect(r!.seen[0].form.has('client_secret')).toBe(false);
    expect(r!.seen[0].form.get('code_verifier')).toBe('v'.repeat(43));
    expect(r!.seen[0].form.get('code')).toBe('AQc');
  });
});

describe('debug_token', () => {
  it('parses every field, seconds to ms, 0 to null, numbers as strings', () => {
    const info = parseTokenInfo({
      data: {
        app_id: 42, type: 'SYSTEM_USER', application: 'Bot', is_valid: true, issued_at: 1_700_000_000, expires_at: 0,
        data_access_expires_at: '1800000000', scopes: ['a', 7, 'b'], user_id: '9', metadata: { auth_type: 'rerequest' },
        granular_scopes: [{ scope: 'pages_messaging', target_ids: [111, '222'] }, { scope: 'email' }, { nope: true }],
        surprise: 'ignored',
      },
    });
    expect(info).toEqual({
      valid: true, type: 'SYSTEM_USER', appId: '42', application: 'Bot', userId: '9', profileId: null, scopes: ['a', '7', 'b'],
      granularScopes: [{ scope: 'pages_messaging', targetIds: ['111', '222'] }, { scope: 'email' }],
      issuedAt: 1_700_000_000_000, expiresAt: null, dataAccessExpiresAt: 1_800_000_000_000, error: null,
      metadata: { auth_type: 'rerequest' },
    });
  });

  it('reads data.error with subcode or error_subcode; a body without data is a typed error', () => {
    expect(parseTokenInfo({ data: { is_valid: false, error: { code: 190, message: 'expired', subcode: 463 } } }).error).toEqual({ code: 190, subcode: 463, message: 'expired' });
    expect(parseTokenInfo({ data: { is_valid: false, error: { code: 190, error_subcode: 466 } } }).error).toEqual({ code: 190, subcode: 466, message: 'Invalid token.' });
    expect(() => parseTokenInfo({ nope: 1 })).toThrow(GraphError);
  });

  it('sends the app token (without proof) and the input token in a POST body, not the URL', async () => {
    r = rig();
    r!.reply('POST', '/v26.0/debug_token', 200, { data: { is_valid: true, app_id: '1' } });
    await debugToken(r!.graph, { appToken: APP_TOKEN, inputToken: USER_TOKEN });
    expect(r!.seen[0].url.search).toBe('');
    expect(Object.fromEntries(r!.seen[0].form)).toEqual({ input_token: USER_TOKEN, access_token: APP_TOKEN });
  });

  it('debugTokens throws an item error (the app token is bad for all)', async () => {
    r = rig();
    r!.reply('POST', '/v26.0/', 200, [{ code: 400, body: JSON.stringify(envelope(190, 'Invalid OAuth access token signature.')) }]);
    const e = await failure(debugTokens(r!.graph, { appToken: APP_TOKEN, inputTokens: [USER_TOKEN] }));
    expect(e.remedy).toMatch(/app secret \(or app id\) is wrong/);
    expect(JSON.parse(r!.seen[0].form.get('batch')!)).toEqual([{ method: 'GET', relative_url: `debug_token?input_token=${USER_TOKEN}` }]);
  });
});

describe('pages and me', () => {
  it('skips items without id, keeps missing tokens as null', async () => {
    r = rig();
    r!.reply('GET', '/v26.0/me/accounts', 200, { data: [{ id: '1', name: 'A', access_token: 'EAAp', category: 'Shop', tasks: ['MANAGE'] }, { id: 2 }, { name: 'no id' }] });
    expect(await listManagedPages(r!.graph, { userToken: USER_TOKEN })).toEqual([
      { id: '1', name: 'A', accessToken: 'EAAp', category: 'Shop', tasks: ['MANAGE'] },
      { id: '2', name: '', accessToken: null, category: null, tasks: [] },
    ]);
    expect(Object.fromEntries(r!.seen[0].url.searchParams)).toMatchObject({ fields: 'id,name,access_token,category,tasks', limit: '100' });
  });

  it('pageTokenFor without a token in the answer: exit 4', async () => {
    r = rig();
    r!.reply('GET', '/v26.0/123', 200, { id: '123' });
    expect(await failure(pageTokenFor(r!.graph, { userToken: USER_TOKEN, pageId: '123' }))).toMatchObject({ code: 'PAGE_TOKEN_UNAVAILABLE', exitCode: 4 });
  });

  it('getMe tolerates a missing name and rejects a missing id', async () => {
    r = rig();
    r!.reply('GET', '/v26.0/me', 200, { id: 5 });
    r!.reply('GET', '/v26.0/me', 200, {});
    expect(await getMe(r!.graph, { token: USER_TOKEN })).toEqual({ id: '5', name: null });
    expect((await failure(getMe(r!.graph, { token: USER_TOKEN }))).code).toBe('GRAPH_UNEXPECTED_RESPONSE');
  });
});

describe('permissions and subscriptions', () => {
  it('permission rows with other field names, and success in any of its shapes', async () => {
    r = rig();
    r!.reply('GET', '/v26.0/me/permissions', 200, { data: [{ permission: 'a', status: 'declined' }, { name: 'b' }, {}] });
    r!.reply('DELETE', '/v26.0/42/permissions', 200, true);
    r!.reply('DELETE', '/v26.0/me/permissions', 200, { success: false });
    expect(await listPermissions(r!.graph, { userToken: USER_TOKEN })).toEqual([{ permission: 'a', status: 'declined' }, { permission: 'b', status: 'granted' }]);
    expect(await revokeAppAuthorization(r!.graph, { userToken: USER_TOKEN, userId: '42' })).toEqual({ success: true });
    expect(await revokeAppAuthorization(r!.graph, { userToken: USER_TOKEN })).toEqual({ success: false });
  });

  it('subscribed_fields as strings or objects', async () => {
    r = rig();
    r!.reply('GET', '/v26.0/9/subscribed_apps', 200, { data: [{ id: '1', name: 'Bot', subscribed_fields: ['messages', { name: 'feed', version: 'v26.0' }] }, { id: '2' }] });
    expect(await getSubscribedApps(r!.graph, { pageId: '9', pageToken: USER_TOKEN })).toEqual([
      { id: '1', name: 'Bot', subscribedFields: ['messages', 'feed'] },
      { id: '2', name: null, subscribedFields: [] },
    ]);
  });
});

describe('device login', () => {
  it('fills documented defaults when fields are missing, and rethrows other errors', async () => {
    r = rig();
    r!.reply('POST', '/v26.0/device/login', 200, { code: 'c', user_code: 'ABCD' });
    r!.reply('POST', '/v26.0/device/login_status', 400, envelope(190, 'This method must be called with a client access token'));
    expect(await startDeviceLogin(r!.graph, { clientAccessToken: '1|ct', scopes: ['a', 'b'] })).toEqual({
      code: 'c', userCode: 'ABCD', verificationUri: 'https://www.facebook.com/device', expiresInSeconds: 420, intervalSeconds: 5,
    });
    expect(r!.seen[0].form.get('scope')).toBe('a,b');
    expect((await failure(pollDeviceLogin(r!.graph, { clientAccessToken: '1|ct', code: 'c' }))).graphCode).toBe(190);
  });

  it('keys the poll on the subcode whatever the top-level code', async () => {
    r = rig();
    r!.reply('POST', '/v26.0/device/login_status', 400, envelope(463, 'expired', { error_subcode: 1349152 }));
    r!.reply('POST', '/v26.0/device/login_status', 200, { access_token: 'EAAdev', expires_in: 5183944, data_access_expiration_time: 1_800_000_000 });
    expect(await pollDeviceLogin(r!.graph, { clientAccessToken: '1|ct', code: 'c' })).toEqual({ status: 'expired' });
    expect(await pollDeviceLogin(r!.graph, { clientAccessToken: '1|ct', code: 'c' })).toEqual({
      status: 'authorized', accessToken: 'EAAdev', expiresInSeconds: 5183944, dataAccessExpiresAt: 1_800_000_000_000,
    });
  });
});

describe('system users', () => {
  it('installs the app and generates a never-expiring token when asked; not retried', async () => {
    r = rig();
    r!.reply('POST', '/v26.0/77/applications', 200, { success: true });
    r!.reply('POST', '/v26.0/77/access_tokens', 500, envelope(1, 'unknown'));
    expect(await installAppForSystemUser(r!.graph, { systemUserId: '77', appId: '42', adminToken: USER_TOKEN })).toEqual({ success: true });
    await failure(generateSystemUserToken(r!.graph, { systemUserId: '77', appId: '42', scopes: ['x'], adminToken: USER_TOKEN, expiring: false }));
    expect(r!.graph.stats.requests).toBe(2);
    expect(r!.seen[1].form.has('set_token_expires_in_60_days')).toBe(false);
    expect(r!.seen[1].form.get('appsecret_proof')).toMatch(/^[0-9a-f]{64}$/);
  });
});
