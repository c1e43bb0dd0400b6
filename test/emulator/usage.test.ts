// The emulator's rate-limit usage headers (graph-api-facts: "Rate-limit headers"), over real sockets.
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { get, post } from './helpers.js';

describe('emulator usage headers', () => {
  let emu: Emulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  it('off by default: no usage headers, never throttled', async () => {
    emu = await startEmulator({ pages: 1 });
    const user = emu.issueUserToken({ lifetime: 'long' });
    const r = await get(emu, '/v26.0/me', { access_token: user });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-app-usage')).toBeNull();
    expect(() => emu!.addUsage({ app: 1 })).toThrow(/usage is off/);
  });

  it('X-App-Usage appears after enough calls; Page-token calls carry the Page\'s X-Business-Use-Case-Usage', async () => {
    emu = await startEmulator({ pages: 1, usage: { percentPerCall: 10, appearAfterCalls: 2 } });
    const user = emu.issueUserToken({ lifetime: 'long' });
    const first = await get(emu, '/v26.0/me', { access_token: user });
    expect(first.headers.get('x-app-usage')).toBeNull();
    const second = await get(emu, '/v26.0/me', { access_token: user });
    expect(JSON.parse(second.headers.get('x-app-usage')!)).toEqual({ call_count: 20, total_cputime: 10, total_time: 6 });
    expect(second.headers.get('x-business-use-case-usage')).toBeNull();
    const pageId = emu.pages[0].id;
    const page = emu.pageTokenFor(user, pageId);
    const r = await get(emu, '/v26.0/me', { access_token: page });
    expect(JSON.parse(r.headers.get('x-business-use-case-usage')!)).toEqual({ [pageId]: [{ type: 'pages', call_count: 10, total_cputime: 5, total_time: 3, estimated_time_to_regain_access: 0 }] });
  });

  it('batch items count one each and carry their own headers; at 100% a Page call is refused with 80001', async () => {
    emu = await startEmulator({ pages: 1, usage: {} });
    const user = emu.issueUserToken({ lifetime: 'long' });
    const pageId = emu.pages[0].id;
    const page = emu.pageTokenFor(user, pageId);
    emu.addUsage({ app: 10, pages: { [pageId]: 99 } });
    const batch = [
      { method: 'GET', relative_url: 'me?fields=id', body: `access_token=${page}` },
      { method: 'GET', relative_url: 'me?fields=id', body: `access_token=${page}` },
    ];
    const r = await post(emu, '/v26.0/', { access_token: `${emu.appId}|${emu.appSecret}`, batch: JSON.stringify(batch) });
    const [ok, refused] = r.json as Array<{ code: number; headers: Array<{ name: string; value: string }>; body: string }>;
    const header = (item: typeof ok, name: string) => JSON.parse(item.headers.find((h) => h.name === name)!.value);
    expect(ok.code).toBe(200);
    expect(header(ok, 'X-Business-Use-Case-Usage')[pageId][0].call_count).toBe(100);
    expect(header(ok, 'X-App-Usage').call_count).toBe(11);
    expect(refused.code).toBe(400);
    expect(JSON.parse(refused.body).error.code).toBe(80001);
    expect(header(refused, 'X-Business-Use-Case-Usage')[pageId][0]).toMatchObject({ call_count: 100, estimated_time_to_regain_access: 5 });
  });
});
