import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { control, get } from './helpers.js';

let emu: Emulator;
let token: string;
beforeEach(async () => { emu = await startEmulator(); token = emu.issueUserToken(); });
afterEach(async () => { await emu.close(); });

const me = () => get(emu, '/v26.0/me', { access_token: token });

describe('faults', () => {
  it('http-500 and http-503 answer 5xx with a JSON envelope, then recover', async () => {
    emu.injectFault({ kind: 'http-500' });
    emu.injectFault({ kind: 'http-503' });
    const a = await me();
    expect(a.status).toBe(500);
    expect(a.json.error.code).toBe(1);
    const b = await me();
    expect(b.status).toBe(503);
    expect(b.json.error).toMatchObject({ code: 2, is_transient: true });
    expect((await me()).status).toBe(200);
    expect(emu.requests.map((r) => r.status)).toEqual([500, 503, 200]);
  });

  it('html answers text/html with 502 by default or the given status', async () => {
    emu.injectFault({ kind: 'html' });
    emu.injectFault({ kind: 'html', status: 200 });
    for (const status of [502, 200]) {
      const res = await me();
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.text.startsWith('<!DOCTYPE html><html>')).toBe(true);
    }
  });

  it('truncated sends half of the real JSON with status 200 and no Content-Length', async () => {
    const full = (await me()).text;
    emu.injectFault({ kind: 'truncated', match: '/me' });
    const res = await request(`${emu.url}/me?access_token=${token}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-length']).toBeUndefined();
    const text = await res.body.text();
    expect(text).toBe(full.slice(0, Math.floor(full.length / 2)));
    expect(() => JSON.parse(text)).toThrow();
  });

  it('reset destroys the socket without an answer', async () => {
    emu.injectFault({ kind: 'reset' });
    await expect(fetch(`${emu.url}/me?access_token=${token}`)).rejects.toThrow();
    expect((await me()).status).toBe(200);
  });

  it('hang never answers, and close() releases the hung socket promptly', async () => {
    emu.injectFault({ kind: 'hang', match: '/debug_token' });
    const hung = fetch(`${emu.url}/debug_token?input_token=x&access_token=y`);
    const outcome = hung.then(() => 'answered', () => 'failed');
    await vi.waitFor(() => expect(emu.requestCount('/debug_token')).toBe(1));
    expect(emu.requests[0].status).toBe(0);
    await emu.close();
    expect(await outcome).toBe('failed');
    emu = await startEmulator(); // for afterEach
  });

  it('rate-limit sets the usage header matching the code', async () => {
    emu.injectFault({ kind: 'rate-limit' });
    const app = await me();
    expect(app.json.error).toMatchObject({ code: 4, message: '(#4) Application request limit reached' });
    expect(JSON.parse(app.headers.get('x-app-usage')!).call_count).toBe(100);
    emu.injectFault({ kind: 'rate-limit', code: 80001, estimatedTimeToRegainAccess: 17 });
    const buc = await me();
    expect(buc.json.error.code).toBe(80001);
    const usage = JSON.parse(buc.headers.get('x-business-use-case-usage')!);
    expect(usage[emu.pages[0].id][0]).toMatchObject({ type: 'pages', call_count: 100, estimated_time_to_regain_access: 17 });
    emu.injectFault({ kind: 'rate-limit', code: 32, usageHeaders: { 'X-Ad-Account-Usage': '{"acc_id_util_pct":99}' } });
    const page = await me();
    expect(page.json.error.code).toBe(32);
    expect(page.headers.get('x-page-usage')).toContain('"call_count":100');
    expect(page.headers.get('x-ad-account-usage')).toBe('{"acc_id_util_pct":99}');
  });

  it('transient and custom error envelopes', async () => {
    emu.injectFault({ kind: 'transient' });
    expect((await me()).json.error).toMatchObject({ code: 2, is_transient: true });
    emu.injectFault({ kind: 'error', code: 190, subcode: 460, message: 'Session gone', status: 401 });
    const res = await me();
    expect(res.status).toBe(401);
    expect(res.json.error).toMatchObject({ code: 190, error_subcode: 460, message: 'Session gone', type: 'OAuthException', fbtrace_id: expect.any(String) });
  });

  it('matches by path prefix and method, and honours times', async () => {
    emu.injectFault({ kind: 'http-500', match: '/me/accounts', method: 'GET', times: 2 });
    expect((await me()).status).toBe(200);
    expect((await get(emu, '/me/accounts', { access_token: token })).status).toBe(500);
    expect((await get(emu, '/v25.0/me/accounts', { access_token: token })).status).toBe(500);
    expect((await get(emu, '/me/accounts', { access_token: token })).status).toBe(200);
    emu.injectFault({ kind: 'http-500', times: Infinity });
    for (let i = 0; i < 3; i++) expect((await me()).status).toBe(500);
    expect((await control(emu, 'GET', 'requests')).status).toBe(200);
    emu.clearFaults();
    expect((await me()).status).toBe(200);
  });
});

describe('headers and latency', () => {
  it('sends usage headers on Graph responses only, and a skewed Date', async () => {
    emu.setUsageHeaders({ 'X-App-Usage': '{"call_count":85,"total_cputime":10,"total_time":12}' });
    emu.setClockSkew(3600);
    const res = await me();
    expect(res.headers.get('x-app-usage')).toBe('{"call_count":85,"total_cputime":10,"total_time":12}');
    const skew = Date.parse(res.headers.get('date')!) - Date.now();
    expect(skew).toBeGreaterThan(3590_000);
    expect(skew).toBeLessThan(3610_000);
    expect((await control(emu, 'GET', 'info')).headers.get('x-app-usage')).toBeNull();
    emu.setUsageHeaders(null);
    expect((await me()).headers.get('x-app-usage')).toBeNull();
  });

  it('adds latency to every response', async () => {
    emu.setLatency(80);
    const started = performance.now();
    expect((await me()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
  });
});
