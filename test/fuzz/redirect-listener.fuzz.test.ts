// Anything on the machine can talk to the login listener: random methods, paths, queries, percent-encodings,
// header sizes and raw bytes over a real socket. It must answer (or hang up) every time, never crash,
// never finish the login on a wrong state, and still take the real callback afterwards.
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startRedirectListener, type RedirectListener } from '../../src/auth/redirect-listener.js';
import { canBind, httpGet } from '../auth/listener-helpers.js';
import { timeBoxed } from './time-boxed.js';

const STATE = 'Zq3-state_0123456789abcdefghijklmnopqrstuv';
const DEFAULT_RUNS = 150;
const RUNS = Number(process.env.FBTOK_FUZZ_RUNS ?? DEFAULT_RUNS);
/** A third of the default: a 2-core machine runs every default case in about a second. */
const MIN_RUNS = Math.ceil(DEFAULT_RUNS / 3);
const STATUS_LINE = /^HTTP\/1\.1 (200|400|404|405|408|413|414|431|505) /;

let open: RedirectListener[] = [];
afterEach(async () => {
  await Promise.all(open.map((l) => l.close()));
  open = [];
});

async function listen(): Promise<{ l: RedirectListener; settled: () => boolean }> {
  const l = await startRedirectListener({ port: 0, path: '/callback', expectedState: STATE, timeoutMs: 60_000, socketTimeoutMs: 10_000 });
  open.push(l);
  host = `127.0.0.1:${l.port}`;
  let done = false;
  l.result.then(() => (done = true), () => (done = true));
  return { l, settled: () => done };
}

/**
 * Writes the bytes, half-closes, and collects the answer until the listener hangs up.
 * Rejects when it keeps the socket open past `limitMs` or refuses the connection.
 */
function exchange(port: number, bytes: Buffer, limitMs = 4_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    const timer = setTimeout(() => (socket.destroy(), reject(new Error(`listener kept the socket open ${limitMs} ms`))), limitMs);
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A reset after (or instead of) an answer is a hang-up; a refused connection means the listener died.
      if (error.code === 'ECONNREFUSED') (clearTimeout(timer), reject(error));
    });
    socket.on('close', () => (clearTimeout(timer), resolve(Buffer.concat(chunks).toString('latin1'))));
  });
}

// ---------- generators ----------

const pct = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

/** Path segments with reserved characters, percent-encodings (also of "/callback" itself) and dot segments. */
const path = fc.oneof(
  fc.constant('/callback'),
  fc.constantFrom('/callback/', '/Callback', '/callback%2F', `/${pct('callback')}`, '/./callback', '/x/../callback', '//callback', '*', '/callback;x', '/favicon.ico'),
  fc.webPath().map((p) => (p.startsWith('/') ? p : `/${p}`)),
  fc.array(fc.oneof(fc.string({ maxLength: 6 }).map(encodeURIComponent), fc.constantFrom('%', '%zz', '%00', '%2e%2e', '..', '%ff%fe')), { maxLength: 4 }).map((s) => `/${s.join('/')}`),
);

/** Any state but the right one: near misses (prefix, suffix, case, encoded) and random text. */
const wrongState = fc.oneof(
  fc.constantFrom(STATE.slice(0, -1), `${STATE}x`, STATE.toUpperCase(), ` ${STATE}`, `${STATE}\u0000`, STATE.replace('Z', 'z'), '', STATE.slice(1)),
  fc.string({ maxLength: 50 }),
).filter((s) => s !== STATE);

const value = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30, unit: 'binary' }), fc.constantFrom('%', '%zz', '%00', 'a+b', '#_=_'));
const key = fc.oneof(fc.constantFrom('code', 'state', 'error', 'error_reason', 'error_code', 'error_description', 'x', pct('state'), 'st%61te'), fc.string({ maxLength: 10 }));

/** True when a raw query key decodes to "state" (st%61te, %73tate...). */
const isStateKey = (rawKey: string) => new URLSearchParams(`${rawKey}=`).has('state');

/** A raw query string whose every `state` is wrong (a forged callback with a code or a denial must not end the login). */
const forgedQuery = fc
  .tuple(wrongState, fc.array(fc.tuple(key, value, fc.boolean()), { maxLength: 5 }), fc.boolean())
  .map(([state, pairs, stateFirst]) => {
    const parts: string[] = [];
    if (stateFirst) parts.push(`state=${encodeURIComponent(state)}`);
    for (const [k, v, raw] of pairs) {
      const rawKey = raw && /^[^&=#\s]*$/.test(k) ? k : encodeURIComponent(k);
      const text = isStateKey(rawKey) ? state : v;
      parts.push(`${rawKey}=${raw && /^[^&#\s]*$/.test(text) && !isStateKey(rawKey) ? text : encodeURIComponent(text)}`);
    }
    if (!stateFirst) parts.push(`state=${encodeURIComponent(state)}`);
    return parts.join('&');
  });

/** Our own state but neither code nor any error key: the listener must keep waiting. */
const incompleteQuery = fc
  .array(fc.tuple(fc.string({ maxLength: 8 }).filter((k) => !/^(code|state|error.*)$/.test(k)), value), { maxLength: 4 })
  .map((pairs) => {
    const params = new URLSearchParams(pairs);
    params.append('state', STATE);
    for (const k of [...params.keys()]) if (/^(code|error.*)$/.test(k)) params.delete(k);
    return params.toString();
  });

const method = fc.oneof(fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'PATCH', 'CONNECT', 'get'), fc.stringMatching(/^[A-Z]{1,12}$/));

const header = fc.record({
  name: fc.oneof(fc.constantFrom('X-Pad', 'Cookie', 'Referer', 'Host'), fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/)),
  size: fc.oneof(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 7_000, max: 20_000 })),
});

/** The Host a browser sends for the redirect URI: a wrong one is refused before anything else (421). */
let host = '127.0.0.1';

function request(m: string, target: string, headers: Array<{ name: string; size: number }>, body = ''): Buffer {
  const lines = [`${m} ${target} HTTP/1.1`, `Host: ${host}`, ...headers.map((h) => `${h.name}: ${'a'.repeat(h.size)}`)];
  if (body) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`, 'latin1');
}

async function expectRealCallbackStillWorks(l: RedirectListener): Promise<void> {
  const answer = await httpGet(l.port, `/callback?code=the-real-code&state=${STATE}`);
  expect(answer.status).toBe(200);
  await expect(l.result).resolves.toEqual({ kind: 'code', code: 'the-real-code' });
  expect(await canBind(l.port)).toBe(true);
}

const options = timeBoxed(RUNS, 25_000, MIN_RUNS);

describe('redirect listener under hostile input (real sockets)', () => {
  it('random methods, paths, forged queries and header sizes: an answer every time, no login, then the real callback', async () => {
    const { l, settled } = await listen();
    await fc.assert(
      fc.asyncProperty(method, fc.oneof(path, path.chain((p) => forgedQuery.map((q) => `${p}?${q}`))), fc.array(header, { maxLength: 3 }), async (m, target, headers) => {
        const raw = await exchange(l.port, request(m, target, headers, m === 'POST' ? 'code=x' : ''));
        // CONNECT has no handler: Node hangs up at once, which is an acceptable refusal.
        if (m === 'CONNECT' && raw === '') return;
        expect(raw, `no answer to ${m} ${target.slice(0, 60)}`).toMatch(STATUS_LINE);
        expect(settled(), `${m} ${target} ended the login`).toBe(false);
        // Nothing the caller sent is echoed back into the page (no reflected input).
        if (/[?&]code=([A-Za-z0-9]{6,})/.test(target)) expect(raw).not.toContain(target.match(/[?&]code=([A-Za-z0-9]{6,})/)![1]);
      }),
      options,
    );
    await expectRealCallbackStillWorks(l);
  });

  it('forged callbacks on the real path (codes and denials with a wrong state) are 400 and never end the login', async () => {
    const { l, settled } = await listen();
    await fc.assert(
      fc.asyncProperty(forgedQuery, async (query) => {
        const raw = await exchange(l.port, request('GET', `/callback?${query}`, []));
        expect(raw, query).toMatch(/^HTTP\/1\.1 (400|404) /);
        expect(settled(), query).toBe(false);
      }),
      options,
    );
    await expectRealCallbackStillWorks(l);
  });

  it('our state without a code or an error keeps the login waiting', async () => {
    const { l, settled } = await listen();
    await fc.assert(
      fc.asyncProperty(incompleteQuery, async (query) => {
        const raw = await exchange(l.port, request('GET', `/callback?${query}`, []));
        expect(raw, query).toMatch(/^HTTP\/1\.1 400 /);
        expect(settled(), query).toBe(false);
      }),
      timeBoxed(Math.ceil(RUNS / 3), 25_000, Math.ceil(MIN_RUNS / 3)),
    );
    await expectRealCallbackStillWorks(l);
  });

  it('raw garbage bytes (alone or after a valid request line): answered or hung up, never kept open, listener alive', async () => {
    const { l, settled } = await listen();
    const garbage = fc.oneof(
      fc.uint8Array({ maxLength: 3_000 }).map((b) => Buffer.from(b)),
      fc.tuple(fc.constantFrom('GET /callback?state=x HTTP/1.1\r\n', 'GET / HTTP/1.1\r\nHost: a\r\n', 'HEAD /callback HTTP/1.0\r\n', 'GET /callback?code=c&state=' + STATE.slice(0, 5)), fc.uint8Array({ maxLength: 500 }))
        .map(([head, tail]) => Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(tail)])),
      fc.string({ maxLength: 200, unit: 'binary' }).map((s) => Buffer.from(s, 'utf8')),
    );
    await fc.assert(
      fc.asyncProperty(garbage, async (bytes) => {
        const raw = await exchange(l.port, bytes);
        if (raw !== '') expect(raw.slice(0, 40)).toMatch(STATUS_LINE);
        expect(settled()).toBe(false);
      }),
      options,
    );
    await expectRealCallbackStillWorks(l);
  });

  it('many requests on one keep-alive connection: every one answered, then the connection is closed', async () => {
    const { l } = await listen();
    const pipelined = Buffer.concat(Array.from({ length: 20 }, (_, i) => request('GET', `/callback?state=wrong${i}&code=c${i}`, [{ name: 'Connection', size: 0 }])));
    const raw = await exchange(l.port, pipelined);
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).not.toMatch(/c1[0-9]/);
    await expectRealCallbackStillWorks(l);
  });
});
