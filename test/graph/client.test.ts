import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { GraphError } from '../../src/graph/graph-error.js';
import { APP_SECRET, APP_TOKEN, BASE, PAGE_TOKEN, USER_TOKEN, envelope, rig, type Seen } from './helpers.js';

const proof = (token: string) => createHmac('sha256', APP_SECRET).update(token).digest('hex');
let r: ReturnType<typeof rig>;
afterEach(async () => {
  await r.done();
});

async function failure(p: Promise<unknown>): Promise<GraphError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GraphError);
  return error as GraphError;
}

describe('request: URL, auth and proof', () => {
  it('GET sends the token in the Authorization header (never the URL) and a per-token appsecret_proof in the query, with the version and user agent', async () => {
    r = rig();
    r.reply('GET', '/v26.0/me', 200, { id: '1', name: 'Ann' }, { date: 'Sat, 01 Aug 2026 12:00:00 GMT' });
    r.reply('GET', '/v26.0/me', 200, { id: '1', name: 'Ann' });
    const res = await r.graph.request({ path: '/me', query: { fields: 'id,name', skip: undefined }, token: USER_TOKEN });
    await r.graph.request({ path: '/me', token: PAGE_TOKEN });
    expect(res.data).toEqual({ id: '1', name: 'Ann' });
    expect(res.serverDate).toBe(Date.UTC(2026, 7, 1, 12));
    const [a, b] = r.seen;
    expect(a.url.pathname).toBe('/v26.0/me');
    expect(a.url.searchParams.get('fields')).toBe('id,name');
    expect(a.url.searchParams.has('skip')).toBe(false);
    expect(a.url.searchParams.has('access_token')).toBe(false);
    expect(a.url.href).not.toContain(USER_TOKEN);
    expect(a.headers.authorization).toBe(`OAuth ${USER_TOKEN}`);
    expect(b.headers.authorization).toBe(`OAuth ${PAGE_TOKEN}`);
    expect(a.url.searchParams.get('appsecret_proof')).toBe(proof(USER_TOKEN));
    expect(a.url.searchParams.get('appsecret_proof')).toMatch(/^[0-9a-f]{64}$/);
    expect(b.url.searchParams.get('appsecret_proof')).toBe(proof(PAGE_TOKEN));
    expect(a.headers['user-agent']).toBe('fbtok/test');
    expect(r.graph.stats.requests).toBe(2);
  });

  it('sends no proof for app tokens, client tokens, proof:false, or without an app secret', async () => {
    r = rig();
    r.reply('GET', '/v26.0/debug_token', 200, {}, {}, 3);
    await r.graph.request({ path: '/debug_token', token: APP_TOKEN });
    await r.graph.request({ path: '/debug_token', token: '1234567890|clienttoken0123456789abcdef' });
    await r.graph.request({ path: '/debug_token', token: USER_TOKEN, proof: false });
    expect(r.seen.map((s) => s.url.searchParams.has('appsecret_proof'))).toEqual([false, false, false]);
    expect(r.seen[0].headers.authorization).toBe(`OAuth ${APP_TOKEN}`);
    expect(r.seen.some((s) => s.url.searchParams.has('access_token'))).toBe(false);
    await r.done();
    r = rig({ appSecret: undefined });
    r.reply('GET', '/v26.0/me', 200, {});
    await r.graph.request({ path: '/me', token: USER_TOKEN });
    expect(r.seen[0].url.searchParams.has('appsecret_proof')).toBe(false);
  });

  it('POST puts the token, proof and form in the body, not the URL', async () => {
    r = rig();
    r.reply('POST', '/v26.0/123/subscribed_apps', 200, { success: true });
    await r.graph.request({ method: 'POST', path: '/123/subscribed_apps', form: { subscribed_fields: 'messages' }, token: PAGE_TOKEN });
    const [s] = r.seen;
    expect(s.url.search).toBe('');
    expect(s.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(s.form)).toEqual({ subscribed_fields: 'messages', access_token: PAGE_TOKEN, appsecret_proof: proof(PAGE_TOKEN) });
  });

  it('DELETE sends the token in the Authorization header, not the URL', async () => {
    r = rig();
    r.reply('DELETE', '/v26.0/me/permissions', 200, { success: true });
    await r.graph.request({ method: 'DELETE', path: '/me/permissions', token: USER_TOKEN });
    expect(r.seen[0].url.searchParams.has('access_token')).toBe(false);
    expect(r.seen[0].headers.authorization).toBe(`OAuth ${USER_TOKEN}`);
  });
});

describe('request: errors and retries', () => {
  it('turns an error envelope into a GraphError without retrying', async () => {
    r = rig();
    r.reply('GET', '/v26.0/me', 400, envelope(190, 'Error validating access token: Session has expired', { error_subcode: 463, error_user_title: 'Expired', error_user_msg: 'Log in again' }));
    const e = await failure(r.graph.request({ path: '/me', token: USER_TOKEN }));
    expect(e).toMatchObject({ kind: 'graph', status: 400, graphCode: 190, subcode: 463, type: 'OAuthException', fbtraceId: 'AbCdEf123', userTitle: 'Expired', userMessage: 'Log in again', code: 'GRAPH_190_463', exitCode: 3 });
    expect(e.remedy).toMatch(/expired/i);
    expect(r.graph.stats.requests).toBe(1);
    expect(r.clock.sleeps).toEqual([]);
  });

  it('parses the envelope whatever the status (200 and 500)', async () => {
    r = rig();
    r.reply('GET', '/v26.0/me', 200, envelope(100, 'Invalid parameter'));
    const e = await failure(r.graph.request({ path: '/me', token: USER_TOKEN }));
    expect(e).toMatchObject({ graphCode: 100, exitCode: 2, code: 'GRAPH_100' });
  });

  it('retries a 5xx with jittered exponential backoff through clock.sleep, then succeeds', async () => {
    r = rig();
    r.reply('GET', '/v26.0/me', 500, envelope(2, 'Service temporarily unavailable', { is_transient: true }), {}, 2);
    r.reply('GET', '/v26.0/me', 200, { id: '1' });
    const res = await r.graph.request({ path: '/me', token: USER_TOKEN });
    expect(res.data).toEqual({ id: '1' });
    expect(r.clock.sleeps).toEqual([1000, 2000]);
    expect(r.graph.stats.requests).toBe(3);
  });

  it('jitter stays within 75%..125% of the step', async () => {
    r = rig({ random: () => 0.999 });
    r.reply('GET', '/v26.0/me', 503, envelope(1, 'An unknown error has occurred.'));
    r.reply('GET', '/v26.0/me', 200, {});
    await r.graph.request({ path: '/me', token: USER_TOKEN });
    expect(r.clock.sleeps[0]).toBeGreaterThan(1200);
    expect(r.clock.sleeps[0]).toBeLessThanOrEqual(1250);
  });

  it('gives up after maxRetries with exit 6', async () => {
    r = rig();
    r.reply('GET', '/v26.0/me', 503, 'Service Unavailable', { 'content-type': 'text/plain' }, 4);
    const e = await failure(r.graph.request({ path: '/me', token: USER_TOKEN }));
    expect(e.kind).toBe('non-json');
    expect(e.exitCode).toBe(6);
    expect(r.graph.stats.requests).toBe(4);
    expect(r.clock.sleeps).toEqual([1000, 2000, 4000]);
  });

  it('a 5xx JSON without envelope is retried and ends with exit 6', async () => {
    r = rig({ maxRetries: 1 });
    r.reply('GET', '/v26.0/me', 500, { oops: true }, {}, 2);
    const e = await failure(r.graph.request({ path: '/me', token: USER_TOKEN }));
    expect(e).toMatchObject({ kind: 'graph', code: 'GRAPH_HTTP_500', exitCode: 6 });
    expect(r.graph.stats.requests).toBe(2);
  });

  it('does not retry when retry is false', async () => {
    r = rig();
    r.reply('GET', '/v26.0/oauth/access_token', 500, envelope(2, 'temporary'));
    const e = await failure(r.graph.request({ path: '/oauth/access_token', retry: false }));
    expect(e.exitCode).toBe(6);
    expect(r.graph.stats.requests).toBe(1);
    expect(r.clock.sleeps).toEqual([]);
  });

  it('HTML from a proxy is a typed non-JSON error, retried', async () => {
    r = rig();
    r.reply('GET', '/v26.0/me', 502, '<html><body>Bad gateway</body></html>', { 'content-type': 'text/html' });
    r.reply('GET', '/v26.0/me', 200, { id: '1' });
    await r.graph.request({ path: '/me', token: USER_TOKEN });
    expect(r.graph.stats.requests).toBe(2);
    await r.done();
    r = rig({ maxRetries: 0 });
    r.reply('GET', '/v26.0/me', 502, '<html><body>Bad gateway</body></html>', { 'content-type': 'text/html' });
    const e = await failure(r.graph.request({ path: '/me', token: USER_TOKEN }));
    expect(e).toMatchObject({ kind: 'non-json', code: 'GRAPH_NON_JSON', status: 502, exitCode: 6 });
    expect(e.message).toContain('text/html');
  });

  it('a 431 with an empty body or JSON without an envelope is not retried; a bare 429 JSON is', async () => {
    r = rig();
    r.reply('GET', '/v26.0/me', 431, '', { 'content-type': 'text/html' });
    const empty = await failure(r.graph.request({ path: '/me', token: USER_TOKEN }));
    expect(empty).toMatchObject({ kind: 'non-json', status: 431, exitCode: 6, isTransient: false });
    expect(empty.message).toContain('an empty body');
    r.reply('GET', '/v26.0/me', 413, { oops: true });
    expect(await failure(r.graph.request({ path: '/me', token: USER_TOKEN }))).toMatchObject({ kind: 'graph', status: 413, isTransient: false });
    expect(r.graph.stats.requests).toBe(2);
    expect(r.clock.sleeps).toEqual([]);
    r.reply('GET', '/v26.0/me', 429, { oops: true });
    r.reply('GET', '/v26.0/me', 200, { id: '1' });
    expect((await r.graph.request<{ id: string }>({ path: '/me', token: USER_TOKEN })).data.id).toBe('1');
    expect(r.clock.sleeps).toEqual([1000]);
  });

  it('cut-off JSON is a typed truncated error', async () => {
    r = rig({ maxRetries: 0 });
    r.reply('GET', '/v26.0/me', 200, '{"data":[{"id":"1","na', { 'content-type': 'application/json' });
    const e = await failure(r.graph.request({ path: '/me', token: USER_TOKEN }));
    expect(e).toMatchObject({ kind: 'truncated', code: 'GRAPH_TRUNCATED', exitCode: 6 });
  });

  it('a connection reset is a network error, retried, then exit 6', async () => {
    r = rig();
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    r.pool.intercept({ path: (p) => p.startsWith('/v26.0/me'), method: 'GET' }).replyWithError(reset).times(4);
    const e = await failure(r.graph.request({ path: '/me', token: USER_TOKEN }));
    expect(e).toMatchObject({ kind: 'network', code: 'GRAPH_UNREACHABLE', exitCode: 6, status: null });
    expect(e.cause).toBe(reset);
    expect(r.graph.stats.requests).toBe(4);
  });

  it('an abort from the caller is not retried and rejects with its reason', async () => {
    r = rig();
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(r.graph.request({ path: '/me', token: USER_TOKEN, signal: controller.signal })).rejects.toThrow('stop');
    expect(r.graph.stats.requests).toBe(0);
  });
});

describe('rate limits', () => {
  it('without an estimate (is_transient), retries once after a short jittered backoff via the clock, then succeeds', async () => {
    r = rig();
    r.reply('GET', '/v26.0/me', 400, envelope(4, '(#4) Application request limit reached', { is_transient: true }), { 'x-app-usage': '{"call_count":100}' });
    r.reply('GET', '/v26.0/me', 200, { id: '1' });
    await r.graph.request({ path: '/me', token: USER_TOKEN });
    expect(r.clock.sleeps).toEqual([2_000]);
  });

  it('uses estimated_time_to_regain_access and fails with exit 5 at once when longer than the default --max-wait', async () => {
    r = rig();
    const buc = JSON.stringify({ '999': [{ type: 'pages', call_count: 100, total_cputime: 10, total_time: 10, estimated_time_to_regain_access: 30 }] });
    r.reply('GET', '/v26.0/me', 400, envelope(80001, '(#80001) There have been too many calls to this Page account.'), { 'x-business-use-case-usage': buc });
    const e = await failure(r.graph.request({ path: '/me', token: PAGE_TOKEN }));
    expect(e).toMatchObject({ kind: 'rate-limit', code: 'RATE_LIMITED', exitCode: 5, retryAfterMs: 1_800_000, graphCode: 80001 });
    expect(e.message).toMatch(/wait about 30m/);
    expect(r.clock.sleeps).toEqual([]);
    expect(r.graph.stats.requests).toBe(1);
  });

  it('stops after one retry when still limited, saying Facebook gave no estimate', async () => {
    r = rig();
    r.reply('GET', '/v26.0/me', 400, envelope(17, '(#17) User request limit reached'), {}, 2);
    const e = await failure(r.graph.request({ path: '/me', token: USER_TOKEN }));
    expect(e.exitCode).toBe(5);
    expect(e.message).toMatch(/still after one retry, and Facebook gave no estimate: wait a few minutes/);
    expect(r.clock.sleeps).toEqual([2_000]);
    expect(r.graph.stats.requests).toBe(2);
  });

  it.each([
    [31, 1349174],
    [17, 1349172],
    [31, 1349152],
  ])('device-login answer code %i/%i is a plain GraphError, not a rate limit, and not retried', async (code, subcode) => {
    r = rig();
    r.reply('POST', '/v26.0/device/login_status', 400, envelope(code, 'device', { error_subcode: subcode }));
    const e = await failure(r.graph.request({ method: 'POST', path: '/device/login_status', token: '1|client', form: { code: 'x' } }));
    expect(e.kind).toBe('graph');
    expect(e.subcode).toBe(subcode);
    expect(r.clock.sleeps).toEqual([]);
    expect(r.graph.stats.requests).toBe(1);
  });
});

describe('usage headers', () => {
  it('returns usage, keeps the highest figure, and warns once at 80% or more', async () => {
    r = rig();
    r.reply('GET', '/v26.0/me', 200, {}, { 'x-app-usage': '{"call_count":81,"total_cputime":5,"total_time":9}' });
    r.reply('GET', '/v26.0/me', 200, {}, { 'x-page-usage': '{"call_count":92}', 'x-ad-account-usage': 'not json' });
    r.reply('GET', '/v26.0/me', 200, {}, { 'x-app-usage': '{"call_count":10}' });
    const first = await r.graph.request({ path: '/me', token: USER_TOKEN });
    expect(first.usage).toEqual([{ header: 'X-App-Usage', percent: 81 }]);
    await r.graph.request({ path: '/me', token: USER_TOKEN });
    await r.graph.request({ path: '/me', token: USER_TOKEN });
    expect(r.graph.stats.maxUsage).toEqual({ header: 'X-Page-Usage', percent: 92 });
    expect(r.warns).toHaveLength(1);
    expect(r.warns[0]).toMatch(/81%/);
  });

  it('does not warn below 80%', async () => {
    r = rig();
    r.reply('GET', '/v26.0/me', 200, {}, { 'x-app-usage': '{"call_count":79}' });
    await r.graph.request({ path: '/me', token: USER_TOKEN });
    expect(r.warns).toEqual([]);
    expect(r.graph.stats.maxUsage?.percent).toBe(79);
  });
});

describe('log', () => {
  it('writes one redacted line per attempt', async () => {
    r = rig();
    r.reply('GET', '/v26.0/oauth/access_token', 500, envelope(1, 'unknown'));
    r.reply('GET', '/v26.0/oauth/access_token', 200, { access_token: USER_TOKEN });
    await r.graph.request({
      path: '/oauth/access_token',
      query: { client_id: '42', client_secret: APP_SECRET, code: 'AQcanarycode123456', redirect_uri: 'http://localhost:8765/cb' },
      token: PAGE_TOKEN,
    });
    expect(r.logs).toHaveLength(2);
    expect(r.logs[0]).toMatch(/^GET \/v26\.0\/oauth\/access_token\?client_id=42&client_secret=<redacted>&code=<redacted>&redirect_uri=\S+ 500 \d+ms retrying in 1\.0s$/);
    expect(r.logs[1]).toMatch(/ 200 \d+ms$/);
    for (const line of r.logs) {
      for (const secret of [APP_SECRET, USER_TOKEN, PAGE_TOKEN, 'AQcanarycode123456', proof(PAGE_TOKEN)]) expect(line).not.toContain(secret);
    }
  });
});

describe('paginate', () => {
  it('follows paging.next on the same origin, re-adding appsecret_proof, until absent', async () => {
    r = rig();
    const next = (after: string) => `${BASE}/v26.0/me/accounts?access_token=${USER_TOKEN}&limit=2&after=${after}`;
    r.reply('GET', '/v26.0/me/accounts', 200, { data: [{ id: 1 }, { id: 2 }], paging: { cursors: { after: 'A' }, next: next('A') } });
    r.reply('GET', '/v26.0/me/accounts', 200, { data: [{ id: 3 }, { id: 4 }], paging: { next: next('B') } });
    r.reply('GET', '/v26.0/me/accounts', 200, { data: [{ id: 5 }], paging: { cursors: { before: 'B' } } });
    const items = await r.graph.paginate({ path: '/me/accounts', query: { fields: 'id', limit: 2 }, token: USER_TOKEN });
    expect(items).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }, { id: 5 }]);
    expect(r.graph.stats.requests).toBe(3);
    for (const s of r.seen) expect(s.url.searchParams.get('appsecret_proof')).toBe(proof(USER_TOKEN));
    // Graph writes the token into paging.next; fbtok takes it out of the URL and sends it in the header.
    for (const s of r.seen) expect([s.url.searchParams.has('access_token'), s.headers.authorization]).toEqual([false, `OAuth ${USER_TOKEN}`]);
    expect(r.seen[2].url.searchParams.get('after')).toBe('B');
    expect(r.logs.join('\n')).not.toContain(USER_TOKEN);
  });

  it('refuses a next link on another origin (it carries the token)', async () => {
    r = rig();
    r.reply('GET', '/v26.0/me/accounts', 200, { data: [{ id: 1 }], paging: { next: `https://evil.test/v26.0/me/accounts?access_token=${USER_TOKEN}` } });
    const e = await failure(r.graph.paginate({ path: '/me/accounts', token: USER_TOKEN }));
    expect(e.code).toBe('GRAPH_BAD_PAGING_URL');
    expect(e.message).not.toContain(USER_TOKEN);
  });
});

describe('batch', () => {
  it('sends 120 items in 3 requests of at most 50, retries null items, keeps per-item errors, input order', async () => {
    r = rig();
    let nulled = false;
    r.reply('POST', '/v26.0/', 200, (s: Seen) => {
      const items = JSON.parse(s.form.get('batch')!) as { relative_url: string }[];
      expect(items.length).toBeLessThanOrEqual(50);
      expect(s.form.get('include_headers')).toBe('false');
      expect(s.form.get('access_token')).toBe(USER_TOKEN);
      return items.map((item, k) => {
        const n = Number(item.relative_url.split('/')[0]);
        if (!nulled && n === 7 && k === 7) return null;
        if (n === 99) return { code: 400, body: JSON.stringify(envelope(100, 'bad id')) };
        return { code: 200, body: JSON.stringify({ id: String(n) }) };
      }).map((x, k, all) => {
        if (x === null && k === all.length - 1) nulled = true;
        return x;
      });
    }, {}, 4);
    const items = Array.from({ length: 120 }, (_, n) => ({ method: 'GET' as const, relativeUrl: `${n}/?fields=id` }));
    const results = await r.graph.batch<{ id: string }>(items, { token: USER_TOKEN });
    expect(results).toHaveLength(120);
    results.forEach((res, n) => {
      if (n === 99) {
        expect(res.ok).toBe(false);
        if (!res.ok) expect(res.error).toMatchObject({ graphCode: 100, status: 400 });
      } else {
        expect(res).toEqual({ ok: true, status: 200, data: { id: String(n) } });
      }
    });
    expect(r.graph.stats.requests).toBe(4);
    expect(r.clock.sleeps).toEqual([1000]);
    const retried = JSON.parse(r.seen.find((s) => JSON.parse(s.form.get('batch')!).length === 1)!.form.get('batch')!);
    expect(retried).toEqual([{ method: 'GET', relative_url: '7/?fields=id' }]);
  });

  it('gives up on an item that stays null after 3 retries', async () => {
    r = rig();
    r.reply('POST', '/v26.0/', 200, (s: Seen) => JSON.parse(s.form.get('batch')!).map(() => null), {}, 4);
    const [res] = await r.graph.batch([{ method: 'GET', relativeUrl: 'me' }], { token: USER_TOKEN });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.code).toBe('GRAPH_BATCH_ITEM_TIMEOUT');
    expect(r.clock.sleeps).toEqual([1000, 2000, 4000]);
  });
});

describe('redaction', () => {
  it('keeps tokens, secrets, proofs and codes out of error messages', async () => {
    r = rig({ maxRetries: 0 });
    const echo = `Invalid OAuth access token ${USER_TOKEN} with appsecret_proof=${proof(USER_TOKEN)} and client_secret=${APP_SECRET} code=AQcanarycode123456`;
    r.reply('GET', '/v26.0/me', 400, envelope(190, echo, { error_user_msg: `token ${USER_TOKEN}` }));
    const e = await failure(r.graph.request({ path: '/me', token: USER_TOKEN }));
    const text = [e.message, e.userMessage, e.remedy, JSON.stringify(e.cause), String(e.stack)].join('\n');
    for (const secret of [USER_TOKEN, proof(USER_TOKEN), APP_SECRET, 'AQcanarycode123456']) expect(text).not.toContain(secret);
  });
});
