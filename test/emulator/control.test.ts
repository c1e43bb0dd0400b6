import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runEmulatorServer, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { control, debug, get } from './helpers.js';

let emu: Emulator;
beforeEach(async () => { emu = await startEmulator({ pages: 2 }); });
afterEach(async () => { await emu.close(); });

describe('control API', () => {
  it('issues tokens and invalidates them', async () => {
    const user = (await control(emu, 'POST', 'tokens/user', { lifetime: 'long', scopes: ['public_profile'] })).json.access_token;
    expect(await debug(emu, user)).toMatchObject({ is_valid: true, scopes: ['public_profile'], issued_at: expect.any(Number) });
    const su = (await control(emu, 'POST', 'tokens/system-user', { expiring: true })).json.access_token;
    expect((await debug(emu, su)).type).toBe('SYSTEM_USER');
    expect((await control(emu, 'POST', 'tokens/invalidate', { token: user, subcode: 460 })).json).toEqual({ success: true });
    expect((await debug(emu, user)).error.subcode).toBe(460);
    await control(emu, 'POST', 'tokens/expire', { token: su });
    expect((await debug(emu, su)).error.subcode).toBe(463);
    const bad = await control(emu, 'POST', 'tokens/invalidate', { token: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toContain('unknown token');
  });

  it('records requests, resets them, and never records itself', async () => {
    const token = emu.issueUserToken();
    await get(emu, '/v26.0/me', { access_token: token, fields: 'id' });
    const list = await control(emu, 'GET', 'requests');
    expect(list.json).toEqual({
      count: 1,
      requests: [{
        method: 'GET', url: `/v26.0/me?access_token=${token}&fields=id`, path: '/me', query: { access_token: token, fields: 'id' }, form: {},
        status: 200, startedMs: expect.any(Number), endedMs: expect.any(Number),
      }],
    });
    const [seen] = list.json.requests as Array<{ startedMs: number; endedMs: number }>;
    expect(seen.endedMs).toBeGreaterThanOrEqual(seen.startedMs);
    expect((await control(emu, 'GET', 'requests?prefix=/debug_token')).json.count).toBe(0);
    await control(emu, 'POST', 'reset-requests');
    expect(emu.requestCount()).toBe(0);
  });

  it('injects and clears faults, sets latency and options', async () => {
    const token = emu.issueUserToken();
    expect((await control(emu, 'POST', 'faults', { kind: 'http-503', match: '/me', times: null })).json).toEqual({ success: true });
    expect((await get(emu, '/me', { access_token: token })).status).toBe(503);
    expect((await get(emu, '/me', { access_token: token })).status).toBe(503);
    await control(emu, 'DELETE', 'faults');
    expect((await get(emu, '/me', { access_token: token })).status).toBe(200);
    await control(emu, 'POST', 'options', { requireAppSecretProof: true });
    expect((await get(emu, '/me', { access_token: token })).json.error.message).toBe('API calls from the server require an appsecret_proof argument');
    expect((await control(emu, 'POST', 'latency', { ms: 0 })).status).toBe(200);
  });

  it('removes a Page role and shows subscriptions', async () => {
    const token = emu.issueUserToken();
    await control(emu, 'POST', 'pages/remove-role', { page_id: emu.pages[0].id });
    const res = await get(emu, '/me/accounts', { access_token: token });
    expect(res.json.data.map((p: any) => p.id)).toEqual([emu.pages[1].id]);
    expect((await control(emu, 'GET', `pages/${emu.pages[1].id}/subscribed-apps`)).json).toEqual({ data: [] });
    expect((await control(emu, 'GET', 'nothing-here')).status).toBe(404);
  });
});

describe('runEmulatorServer', () => {
  it('prints the URL and the variables to export', async () => {
    const lines: string[] = [];
    const server = await runEmulatorServer({ appSecret: 'shh-local' }, (l) => lines.push(l));
    try {
      expect(lines[0]).toBe(`fbtok Graph API emulator listening on ${server.url}`);
      expect(lines).toContain(`export FBTOK_GRAPH_URL=${server.url}`);
      expect(lines).toContain(`export FBTOK_WWW_URL=${server.url}`);
      expect(lines).toContain(`export FBTOK_APP_ID=${server.appId}`);
      expect(lines).toContain('export FBTOK_APP_SECRET=shh-local');
      expect(lines.filter((l) => l.includes('shh-local'))).toHaveLength(1);
      expect((await get(server, '/me')).json.error.code).toBe(2500);
    } finally { await server.close(); }
  });
});
