import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { appToken, post } from './helpers.js';

let emu: Emulator;
beforeEach(async () => { emu = await startEmulator(); });
afterEach(async () => { await emu.close(); });

const batch = (items: unknown[], extra: Record<string, string> = {}, path = '/v26.0/') =>
  post(emu, path, { access_token: appToken(emu), batch: JSON.stringify(items), ...extra });

describe('batch requests', () => {
  it('runs items in order with per-item tokens and the fallback token', async () => {
    const a = emu.issueUserToken();
    const b = emu.issueUserToken({ lifetime: 'long' });
    const res = await batch([
      { method: 'GET', relative_url: `me?fields=id,name&access_token=${a}` },
      { method: 'GET', relative_url: `v26.0/debug_token?input_token=${b}` },
      { method: 'GET', relative_url: 'me' },
    ]);
    expect(res.status).toBe(200);
    expect(res.json).toHaveLength(3);
    expect(res.json[0].code).toBe(200);
    expect(res.json[0].headers).toContainEqual({ name: 'Content-Type', value: 'text/javascript; charset=UTF-8' });
    expect(JSON.parse(res.json[0].body)).toEqual({ id: emu.user.id, name: emu.user.name });
    expect(JSON.parse(res.json[1].body).data).toMatchObject({ type: 'USER', is_valid: true, issued_at: expect.any(Number) });
    expect(res.json[2].code).toBe(400);
    expect(JSON.parse(res.json[2].body).error.code).toBe(2500);
    expect(emu.requestCount()).toBe(1);
    expect(emu.requests[0]).toMatchObject({ method: 'POST', path: '/', batchSize: 3, status: 200 });
  });

  it('takes item bodies and the unversioned root, and drops headers with include_headers=false', async () => {
    const page = emu.pageTokenFor(emu.issueUserToken(), emu.pages[0].id);
    const res = await batch(
      [{ method: 'POST', relative_url: `${emu.pages[0].id}/subscribed_apps`, body: `subscribed_fields=messages&access_token=${page}` }],
      { include_headers: 'false' }, '/',
    );
    expect(res.json).toEqual([{ code: 200, body: '{"success":true}' }]);
    expect(emu.subscribedApps(emu.pages[0].id)).toEqual([{ id: emu.appId, subscribed_fields: ['messages'] }]);
  });

  it('rejects more than 50 items and non-arrays with code 100', async () => {
    const items = Array.from({ length: 51 }, () => ({ method: 'GET', relative_url: 'me' }));
    const res = await batch(items);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 100, message: expect.stringContaining('50') });
    expect((await post(emu, '/', { access_token: appToken(emu), batch: '{"x":1}' })).json.error.code).toBe(100);
    expect((await batch(items.slice(0, 50))).json).toHaveLength(50);
  });

  it('returns null for the first N items after a batch-null-items fault, once', async () => {
    const token = emu.issueUserToken();
    emu.injectFault({ kind: 'batch-null-items', count: 2 });
    const items = [0, 1, 2].map(() => ({ method: 'GET', relative_url: `me?access_token=${token}` }));
    const first = await batch(items);
    expect(first.json[0]).toBeNull();
    expect(first.json[1]).toBeNull();
    expect(first.json[2].code).toBe(200);
    expect((await batch(items)).json.every((r: unknown) => r !== null)).toBe(true);
  });
});
