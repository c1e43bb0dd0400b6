// The client over real sockets against the local Graph emulator, one fault at a time.
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { createGraphClient } from '../../src/graph/client.js';
import { GraphError } from '../../src/graph/graph-error.js';
import type { GraphClient, GraphClientOptions } from '../../src/graph/types.js';
import { failure, fakeClock, type FakeClock } from './helpers.js';

let emu: Emulator;
let graph: GraphClient;
let clock: FakeClock;
let logs: string[];
let warns: string[];
let token: string;

async function setup(emuOptions: EmulatorOptions = {}, overrides: Partial<GraphClientOptions> = {}) {
  emu = await startEmulator(emuOptions);
  clock = fakeClock();
  logs = [];
  warns = [];
  graph = createGraphClient({
    baseUrl: emu.url,
    version: 'v26.0',
    appSecret: emu.appSecret,
    timeoutMs: 2_000,
    clock,
    userAgent: 'fbtok/test',
    log: (line) => logs.push(line),
    warn: (line) => warns.push(line),
    random: () => 0.5,
    ...overrides,
  });
  token = emu.issueUserToken({ lifetime: 'long' });
}

afterEach(async () => {
  await graph?.close();
  await emu?.close();
});

const me = () => graph.request<{ id: string }>({ path: '/me', query: { fields: 'id,name' }, token });

describe('faults', () => {
  beforeEach(() => setup());

  it.each(['http-500', 'http-503', 'html', 'truncated', 'reset', 'transient'] as const)('%s once, then success: retried', async (kind) => {
    emu.injectFault({ match: '/me', kind });
    const res = await me();
    expect(res.data.id).toBe(emu.user.id);
    expect(emu.requestCount('/me')).toBe(2);
    expect(graph.stats.requests).toBe(2);
    expect(clock.sleeps).toEqual([1000]);
  });

  it.each([
    ['http-500', 'graph', 'GRAPH_1'],
    ['http-503', 'graph', 'GRAPH_2'],
    ['html', 'non-json', 'GRAPH_NON_JSON'],
    ['truncated', 'truncated', 'GRAPH_TRUNCATED'],
    ['reset', 'network', 'GRAPH_UNREACHABLE'],
    ['transient', 'graph', 'GRAPH_2'],
  ] as const)('%s forever: exit 6 after 4 attempts', async (kind, errorKind, code) => {
    emu.injectFault({ match: '/me', kind, times: 10 });
    const e = await failure(me());
    expect(e).toMatchObject({ kind: errorKind, code, exitCode: 6 });
    expect(emu.requestCount('/me')).toBe(4);
    expect(clock.sleeps).toEqual([1000, 2000, 4000]);
  });

  it.each([400, 404, 413, 414, 431])('HTTP %i with an HTML page (no Graph envelope): exit 6 at once, not retried', async (status) => {
    emu.injectFault({ match: '/me', kind: 'html', status, times: 10 });
    const e = await failure(me());
    expect(e).toMatchObject({ kind: 'non-json', code: 'GRAPH_NON_JSON', status, exitCode: 6, isTransient: false });
    expect(e.message).toContain(`HTTP ${status}`);
    expect(e.remedy).toContain('--verbose');
    expect(emu.requestCount('/me')).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it.each([408, 429])('HTTP %i with an HTML page is worth another try', async (status) => {
    emu.injectFault({ match: '/me', kind: 'html', status });
    expect((await me()).data.id).toBe(emu.user.id);
    expect(emu.requestCount('/me')).toBe(2);
    expect(clock.sleeps).toEqual([1000]);
  });

  it('a 4xx Graph envelope keeps its own rules: code 2 (transient) at HTTP 400 is retried', async () => {
    emu.injectFault({ match: '/me', kind: 'transient', status: 400 });
    expect((await me()).data.id).toBe(emu.user.id);
    expect(emu.requestCount('/me')).toBe(2);
  });

  it('hang: a bounded per-attempt timeout, typed, exit 6', async () => {
    await graph.close();
    graph = createGraphClient({ baseUrl: emu.url, version: 'v26.0', timeoutMs: 200, maxWaitMs: 0, maxRetries: 1, clock, userAgent: 't' });
    emu.injectFault({ match: '/me', kind: 'hang', times: 2 });
    const started = Date.now();
    const e = await failure(me());
    expect(e).toMatchObject({ kind: 'timeout', code: 'GRAPH_TIMEOUT', exitCode: 6 });
    expect(e.message).toBe('Facebook did not answer within 0.2s (2 attempts).');
    expect(emu.requestCount('/me')).toBe(2);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('an error fault keeps its code, subcode and exit code, without retry', async () => {
    emu.injectFault({ match: '/me', kind: 'error', code: 190, subcode: 460, message: 'Error validating access token: password changed' });
    const e = await failure(me());
    expect(e).toMatchObject({ graphCode: 190, subcode: 460, exitCode: 3, code: 'GRAPH_190_460' });
    expect(emu.requestCount('/me')).toBe(1);
  });
});

describe('rate limits, with the default settings (--max-wait 5 minutes)', () => {
  beforeEach(() => setup());

  it('a limit Facebook estimates at 1 minute (BUC) is sat out on the clock, then ok', async () => {
    emu.injectFault({ match: '/me', kind: 'rate-limit', code: 80001, estimatedTimeToRegainAccess: 1 });
    await me();
    expect(clock.sleeps).toEqual([60_000]);
    expect(emu.requestCount('/me')).toBe(2);
    expect(warns.join('\n')).toMatch(/waiting 1m \(its estimate\) before one more try/);
  });

  it('an estimate of exactly --max-wait (5 minutes) is still sat out', async () => {
    emu.injectFault({ match: '/me', kind: 'rate-limit', code: 80006, estimatedTimeToRegainAccess: 5 });
    await me();
    expect(clock.sleeps).toEqual([300_000]);
  });

  it.each([4, 17])('code %i (is_transient, no estimate) is retried once after a short jittered backoff, then ok', async (code) => {
    emu.injectFault({ match: '/me', kind: 'rate-limit', code });
    await me();
    expect(clock.sleeps).toEqual([2_000]);
    expect(emu.requestCount('/me')).toBe(2);
  });

  it('the backoff is jittered, within seconds', async () => {
    for (const [random, ms] of [[0, 1_500], [0.999, 2_499]] as const) {
      await graph.close();
      await emu.close();
      await setup({}, { random: () => random });
      emu.injectFault({ match: '/me', kind: 'rate-limit', code: 4 });
      await me();
      expect(clock.sleeps).toEqual([ms]);
    }
  });

  it('a transient limit with an estimate: one short retry, then the estimate sat out, then ok', async () => {
    // Code 4 comes marked is_transient; the usage header adds Facebook's estimate.
    emu.injectFault({
      match: '/me', kind: 'rate-limit', code: 4, times: 2,
      usageHeaders: { 'X-Business-Use-Case-Usage': JSON.stringify({ 1: [{ type: 'pages', call_count: 100, estimated_time_to_regain_access: 2 }] }) },
    });
    await me();
    expect(clock.sleeps).toEqual([2_000, 120_000]);
    expect(emu.requestCount('/me')).toBe(3);
  });

  it('a long limit (45 minutes) fails at once with exit 5, saying how long to wait', async () => {
    emu.injectFault({ match: '/me', kind: 'rate-limit', code: 80006, estimatedTimeToRegainAccess: 45 });
    const e = await failure(me());
    expect(e).toMatchObject({ kind: 'rate-limit', code: 'RATE_LIMITED', exitCode: 5, retryAfterMs: 45 * 60_000 });
    expect(e.message).toMatch(/wait about 45m before trying again \(Facebook's estimate, longer than --max-wait 5m\)/);
    expect(clock.sleeps).toEqual([]);
    expect(emu.requestCount('/me')).toBe(1);
  });

  it.each([17, 32, 613])('code %i still limited after its one retry: exit 5 after 2 requests', async (code) => {
    emu.injectFault({ match: '/me', kind: 'rate-limit', code, times: 5 });
    const e = await failure(me());
    expect(e.exitCode).toBe(5);
    expect(e.message).toMatch(/Facebook gave no estimate: wait a few minutes/);
    expect(emu.requestCount('/me')).toBe(2);
  });

  it('still limited after sitting out the estimate: exit 5 after 2 requests, one wait', async () => {
    emu.injectFault({ match: '/me', kind: 'rate-limit', code: 80001, estimatedTimeToRegainAccess: 3, times: 5 });
    const e = await failure(me());
    expect(e.exitCode).toBe(5);
    expect(e.message).toMatch(/still after waiting: wait about 3m/);
    expect(clock.sleeps).toEqual([180_000]);
    expect(emu.requestCount('/me')).toBe(2);
  });

  it('--max-wait 0 waits for nothing', async () => {
    await graph.close();
    await emu.close();
    await setup({}, { maxWaitMs: 0 });
    emu.injectFault({ match: '/me', kind: 'rate-limit', code: 4 });
    const e = await failure(me());
    expect(e.message).toMatch(/--max-wait 0: no waiting/);
    expect(clock.sleeps).toEqual([]);
  });

  it('a call that must not be repeated (retry: false) is never retried on a rate limit', async () => {
    emu.injectFault({ match: '/me', kind: 'rate-limit', code: 80001, estimatedTimeToRegainAccess: 1 });
    const e = await failure(graph.request({ path: '/me', token, retry: false }));
    expect(e.exitCode).toBe(5);
    expect(clock.sleeps).toEqual([]);
  });
});

describe('usage headers', () => {
  beforeEach(() => setup());

  it('warns once at 80% or more and tracks the highest figure', async () => {
    emu.setUsageHeaders({ 'X-App-Usage': JSON.stringify({ call_count: 85, total_cputime: 10, total_time: 20 }) });
    const res = await me();
    await me();
    expect(res.usage).toEqual([{ header: 'X-App-Usage', percent: 85 }]);
    expect(warns).toHaveLength(1);
    expect(warns[0]).toContain('85%');
    expect(graph.stats.maxUsage?.percent).toBe(85);
  });

  it('ignores a malformed header', async () => {
    emu.setUsageHeaders({ 'X-App-Usage': '{not json' });
    const res = await me();
    expect(res.usage).toEqual([]);
    expect(warns).toEqual([]);
  });
});

describe('paging and batch', () => {
  it('lists 250 Pages in 3 requests', async () => {
    await setup({ pages: 250 });
    const pages = await graph.paginate<{ id: string }>({
      path: '/me/accounts',
      query: { fields: 'id,name,access_token,category,tasks', limit: 100 },
      token,
    });
    expect(pages).toHaveLength(250);
    expect(new Set(pages.map((p) => p.id)).size).toBe(250);
    expect(emu.requestCount('/me/accounts')).toBe(3);
  });

  it('runs 120 items in 3 requests, keeping per-item errors in order', async () => {
    await setup();
    const items = Array.from({ length: 120 }, (_, n) => ({
      method: 'GET' as const,
      relativeUrl: n === 61 ? 'v26.0/no-such-node-xyz?fields=id' : 'me?fields=id',
    }));
    const results = await graph.batch<{ id: string }>(items, { token });
    expect(results).toHaveLength(120);
    expect(emu.requests.map((r) => r.batchSize).filter((n) => n !== undefined).sort()).toEqual([20, 50, 50]);
    expect(graph.stats.requests).toBe(3);
    results.forEach((res, n) => {
      if (n === 61) expect(res.ok).toBe(false);
      else expect(res).toMatchObject({ ok: true, status: 200, data: { id: emu.user.id } });
    });
    const bad = results[61];
    if (!bad.ok) expect(bad.error).toBeInstanceOf(GraphError);
  });

  it('retries null (timed-out) items', async () => {
    await setup();
    emu.injectFault({ kind: 'batch-null-items', count: 3 });
    const items = Array.from({ length: 10 }, () => ({ method: 'GET' as const, relativeUrl: 'me?fields=id' }));
    const results = await graph.batch<{ id: string }>(items, { token });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(graph.stats.requests).toBe(2);
    expect(clock.sleeps).toEqual([1000]);
  });
});

describe('appsecret_proof', () => {
  it('is right for each token when the app requires it, and a missing secret fails as the emulator says', async () => {
    await setup({ requireAppSecretProof: true, pages: 2 });
    const pages = await graph.paginate<{ id: string; access_token: string }>({ path: '/me/accounts', query: { fields: 'id,access_token' }, token });
    for (const page of pages) {
      const res = await graph.request<{ id: string }>({ path: `/${page.id}`, query: { fields: 'id' }, token: page.access_token });
      expect(res.data.id).toBe(page.id);
    }
    const proofs = emu.requests.filter((r) => r.query.appsecret_proof).map((r) => [r.headerToken!, r.query.appsecret_proof]);
    expect(proofs.length).toBe(3);
    for (const [t, p] of proofs) expect(p).toBe(createHmac('sha256', emu.appSecret).update(t).digest('hex'));
    expect(new Set(proofs.map(([, p]) => p)).size).toBe(3);

    const bare = createGraphClient({ baseUrl: emu.url, version: 'v26.0', timeoutMs: 2000, maxWaitMs: 0, clock, userAgent: 't' });
    const e = await failure(bare.request({ path: '/me', token }));
    await bare.close();
    expect(e).toMatchObject({ graphCode: 100, exitCode: 2 });
    expect(e.message).toContain('appsecret_proof');
    expect(e.remedy).toMatch(/app secret .* wrong or missing: set FBTOK_APP_SECRET/);

    const wrongSecret = createGraphClient({ baseUrl: emu.url, version: 'v26.0', appSecret: 'not-the-secret', timeoutMs: 2000, maxWaitMs: 0, clock, userAgent: 't' });
    const e2 = await failure(wrongSecret.request({ path: '/me', token }));
    await wrongSecret.close();
    expect(e2).toMatchObject({ graphCode: 100, exitCode: 2 });
    expect(e2.message).toContain('Invalid appsecret_proof');
    expect(e2.remedy).toContain('FBTOK_APP_SECRET');
  });
});

describe('redaction', () => {
  it('no token, secret, proof or code in any error message or log line', async () => {
    await setup({ requireAppSecretProof: true });
    const proof = createHmac('sha256', emu.appSecret).update(token).digest('hex');
    const canaries = [token, emu.appSecret, proof, emu.clientToken];
    const errors: GraphError[] = [];
    emu.injectFault({ match: '/me', kind: 'error', code: 190, subcode: 463, message: `Session for ${token} expired (secret ${emu.appSecret})` });
    errors.push(await failure(me()));
    emu.injectFault({ match: '/me', kind: 'reset', times: 4 });
    errors.push(await failure(me()));
    emu.injectFault({ match: '/me', kind: 'rate-limit', code: 80001, estimatedTimeToRegainAccess: 99 });
    errors.push(await failure(me()));
    errors.push(
      await failure(graph.request({ path: '/oauth/access_token', query: { client_id: emu.appId, client_secret: emu.appSecret, code: 'AQcanarycode9999', redirect_uri: 'http://localhost/cb' }, retry: false })),
    );
    await graph.paginate({ path: '/me/accounts', query: { limit: 1 }, token });
    const text = [...errors.flatMap((e) => [e.message, e.remedy, e.userMessage, JSON.stringify(e.cause ?? null)]), ...logs].join('\n');
    expect(logs.length).toBeGreaterThan(5);
    for (const canary of [...canaries, 'AQcanarycode9999']) expect(text).not.toContain(canary);
  });
});
