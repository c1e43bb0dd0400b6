// Hostile Graph answers over real sockets: a tiny loopback HTTP server answers every request with a
// generated body, and the real client + each operation must end with a well-typed value or an
// FbtokError carrying a documented exit code. Never a TypeError, never a hang.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createGraphClient } from '../../src/graph/client.js';
import { debugToken, debugTokens } from '../../src/graph/debug-token.js';
import { listManagedPages } from '../../src/graph/pages.js';
import { exchangeForLongLived } from '../../src/graph/oauth.js';
import type { GraphClient } from '../../src/graph/types.js';
import { GraphError } from '../../src/graph/graph-error.js';
import { FbtokError } from '../../src/errors.js';
import type { Clock } from '../../src/io/clock.js';
import { checkBatch, checkGrant, checkPages, checkTokenInfo, DOCUMENTED } from './graph-shapes.js';
import { timeBoxed } from './time-boxed.js';
const APP_SECRET = 'CANARYfuzzAppSecret0123456789abcd';
const USER_TOKEN = 'EAAfuzzUSERtoken000000000000000000000001';
const DEFAULT_RUNS = 60;
const RUNS = Number(process.env.FBTOK_FUZZ_RUNS ?? DEFAULT_RUNS);
/** A third of the default: a 2-core machine runs every default case of a property within a few seconds. */
const MIN_RUNS = Math.ceil(DEFAULT_RUNS / 3);

interface Answer {
  status: number;
  contentType: string | null;
  body: Buffer;
  /** Promise a longer body than sent, then hang up mid-body. */
  cut?: boolean;
  extraHeaders?: Record<string, string>;
}

let server: Server;
let baseUrl: string;
let answer: Answer = { status: 200, contentType: 'application/json', body: Buffer.from('{}') };
let served = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      served++;
      const a = answer;
      const headers: Record<string, string> = { ...a.extraHeaders };
      if (a.contentType !== null) headers['content-type'] = a.contentType;
      if (a.cut) {
        res.writeHead(a.status, { ...headers, 'content-length': String(a.body.length + 100) });
        res.write(a.body.subarray(0, Math.floor(a.body.length / 2)), () => res.socket?.destroy());
        return;
      }
      res.writeHead(a.status, { ...headers, 'content-length': String(a.body.length) });
      res.end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Backoff and rate-limit waits return at once: retries are exercised, nothing really sleeps. */
const instantClock: Clock = { now: () => Date.now(), sleep: async (_ms, signal) => signal?.throwIfAborted() };

function client(): GraphClient {
  return createGraphClient({
    baseUrl, version: 'v26.0', appSecret: APP_SECRET, timeoutMs: 3_000, maxWaitMs: 0, maxRetries: 1,
    clock: instantClock, userAgent: 'fbtok/fuzz', random: () => 0.5,
  });
}

/** Bounds an operation: the client's own timeout must end it long before this. */
function bounded<T>(promise: Promise<T>, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`HUNG: no result within ${ms} ms`)), ms)));
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** An operation's failure must be one of ours, with a documented exit code and a one-line message. */
function expectDocumentedFailure(error: unknown): void {
  if (!(error instanceof FbtokError)) throw new Error(`not an FbtokError: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, { cause: error });
  expect(DOCUMENTED).toContain(error.exitCode);
  expect(error.message).not.toMatch(/\n/);
  expect(typeof error.code).toBe('string');
  expect(error.message).not.toContain(APP_SECRET);
  expect(error.message).not.toContain(USER_TOKEN);
}

async function outcome<T>(op: (graph: GraphClient) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  const graph = client();
  try {
    return { ok: true, value: await bounded(op(graph)) };
  } catch (error) {
    return { ok: false, error };
  } finally {
    await graph.close();
  }
}

// ---------- generators ----------

/** Any JSON-ish value, including the wrong type for every field. */
const junk = fc.oneof(
  { depthSize: 'small' },
  fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.string({ maxLength: 20 }),
  fc.constantFrom(1e300, -1, 0, 2 ** 53, '1e300', '', '0', 'NaN', 'Infinity', '  '),
  fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null)), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxKeys: 3 }),
);

const partial = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T) => fc.record(model, { requiredKeys: [] });

const envelope = partial({
  error: fc.oneof(junk, partial({ message: junk, type: junk, code: fc.oneof(junk, fc.constantFrom(1, 2, 4, 17, 32, 100, 190, 200, 368, 613, 80001, '190')), error_subcode: fc.oneof(junk, fc.constantFrom(460, 463, 1349174)), subcode: junk, fbtrace_id: junk, is_transient: junk, error_user_msg: junk, error_user_title: junk })),
});

const debugBody = fc.oneof(
  partial({
    data: fc.oneof(junk, partial({
      app_id: junk, type: junk, application: junk, is_valid: junk, issued_at: junk, expires_at: junk,
      data_access_expires_at: junk, scopes: junk, user_id: junk, profile_id: junk, metadata: junk,
      granular_scopes: fc.oneof(junk, fc.array(fc.oneof(junk, partial({ scope: junk, target_ids: junk })), { maxLength: 3 })),
      error: fc.oneof(junk, partial({ code: junk, subcode: junk, error_subcode: junk, message: junk })),
    })),
  }),
  envelope,
);

const pageItem = fc.oneof(junk, partial({ id: junk, name: junk, access_token: junk, category: junk, tasks: junk, category_list: junk }));
const accountsBody = (base: () => string) => fc.oneof(
  partial({
    data: fc.oneof(junk, fc.array(pageItem, { maxLength: 4 })),
    paging: fc.oneof(junk, partial({
      next: fc.oneof(junk, fc.constantFrom(`${base()}/v26.0/me/accounts?after=x`, 'http://evil.example/v26.0/me/accounts', '::not a url::', '/v26.0/me/accounts?after=y')),
      cursors: fc.oneof(junk, partial({ before: junk, after: junk })),
    })),
  }),
  envelope,
);

const grantBody = fc.oneof(partial({ access_token: fc.oneof(junk, fc.constant('EAAfuzzGRANT00000000000000001')), token_type: junk, expires_in: junk, id_token: junk }), envelope);

const batchItem = fc.oneof(
  fc.constant(null),
  junk,
  partial({
    code: fc.oneof(junk, fc.constantFrom(200, 400, 500)),
    headers: junk,
    body: fc.oneof(junk, debugBody.map((b) => JSON.stringify(b)), fc.string({ maxLength: 30 }), envelope),
  }),
);
const batchBody = fc.oneof(fc.array(batchItem, { maxLength: 6 }), junk, envelope);

/** The body on the wire: the structured value, random JSON, random text, random bytes. */
function wire(structured: fc.Arbitrary<unknown>): fc.Arbitrary<Answer> {
  const body = fc.oneof(
    { weight: 6, arbitrary: structured.map((v) => Buffer.from(JSON.stringify(v) ?? '')) },
    { weight: 2, arbitrary: fc.json({ maxDepth: 3 }).map((s) => Buffer.from(s)) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }).map((v) => Buffer.from(safeStringify(v))) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60, unit: 'binary' }).map((s) => Buffer.from(s)) },
  );
  return fc.record({
    status: fc.oneof({ weight: 5, arbitrary: fc.constant(200) }, { weight: 3, arbitrary: fc.constantFrom(400, 403, 404, 500, 502, 503, 204, 301) }),
    contentType: fc.constantFrom('application/json; charset=UTF-8', 'text/html', 'text/plain', 'application/octet-stream', null),
    body,
    cut: fc.constantFrom(false, false, false, true),
    extraHeaders: fc.option(fc.record({ 'x-app-usage': fc.oneof(fc.json(), fc.string({ maxLength: 20 })), 'x-business-use-case-usage': fc.oneof(fc.json(), fc.string({ maxLength: 20 })) }, { requiredKeys: [] }), { nil: undefined }),
  });
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) ?? '';
  } catch {
    return String(value);
  }
}

// ---------- properties ----------

async function property<T>(name: string, arb: fc.Arbitrary<Answer>, op: (g: GraphClient) => Promise<T>, check: (value: T) => void): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arb, async (a) => {
      answer = a;
      // Per case: a value or an error reached without a request would check the client, not the answer.
      served = 0;
      const result = await outcome(op);
      expect(served, `${name}: the server was never asked`).toBeGreaterThan(0);
      if (result.ok) check(result.value);
      else expectDocumentedFailure(result.error);
    }),
    timeBoxed(RUNS, 20_000, MIN_RUNS),
  );
}

describe('Graph responses from a hostile server: typed value or documented error', () => {
  it('debugToken', async () => {
    await property('debugToken', wire(debugBody), (g) => debugToken(g, { appToken: `123|${APP_SECRET}`, inputToken: USER_TOKEN }), checkTokenInfo);
  });

  it('debugTokens (batched debug_token)', async () => {
    await property('debugTokens', wire(batchBody), (g) => debugTokens(g, { appToken: `123|${APP_SECRET}`, inputTokens: [USER_TOKEN, `${USER_TOKEN}2`] }), (infos) => {
      expect(infos).toHaveLength(2);
      infos.forEach(checkTokenInfo);
    });
  });

  it('listManagedPages (items and paging)', async () => {
    await property('listManagedPages', wire(accountsBody(() => baseUrl)), (g) => listManagedPages(g, { userToken: USER_TOKEN }), checkPages);
  });

  it('exchangeForLongLived (oauth grant)', async () => {
    await property('exchangeForLongLived', wire(grantBody), (g) => exchangeForLongLived(g, { appId: '123', appSecret: APP_SECRET, token: USER_TOKEN }), checkGrant);
  });

  it('batch (raw items)', async () => {
    const items = [0, 1, 2].map((i) => ({ method: 'GET' as const, relativeUrl: `me?i=${i}` }));
    await property('batch', wire(batchBody), (g) => g.batch(items, { token: USER_TOKEN }), (r) => checkBatch(r, 3));
  });
});

describe('Graph responses: edge cases chosen by hand', () => {
  const cases: Array<[string, Answer]> = [
    ['expires_at far beyond the Date range', { status: 200, contentType: 'application/json', body: Buffer.from(JSON.stringify({ data: { is_valid: true, type: 'USER', expires_at: 1e300, issued_at: 9e15, data_access_expires_at: '1e20' } })) }],
    ['a 3 MB valid debug_token answer', { status: 200, contentType: 'application/json', body: Buffer.from(JSON.stringify({ data: { is_valid: true, type: 'USER', scopes: Array.from({ length: 150_000 }, (_, i) => `scope_${i}`) } })) }],
    ['3 MB of garbage', { status: 200, contentType: 'application/json', body: Buffer.alloc(3 * 1024 * 1024, 0x7b) }],
    ['3 MB of HTML (a proxy error page)', { status: 502, contentType: 'text/html', body: Buffer.from(`<html>${'x'.repeat(3 * 1024 * 1024)}</html>`) }],
    ['an empty 200', { status: 200, contentType: null, body: Buffer.alloc(0) }],
    ['JSON null', { status: 200, contentType: 'application/json', body: Buffer.from('null') }],
    ['a cut-off body', { status: 200, contentType: 'application/json', body: Buffer.from(JSON.stringify({ data: { is_valid: true, scopes: ['a', 'b', 'c'] } })), cut: true }],
  ];

  it.each(cases)('debugToken on %s: typed value or documented error, promptly', async (_name, a) => {
    answer = a;
    const result = await outcome((g) => debugToken(g, { appToken: `123|${APP_SECRET}`, inputToken: USER_TOKEN }));
    if (result.ok) checkTokenInfo(result.value);
    else expectDocumentedFailure(result.error);
  });

  it('exchangeForLongLived with expires_in 1e300 does not produce an unprintable expiry', async () => {
    answer = { status: 200, contentType: 'application/json', body: Buffer.from(JSON.stringify({ access_token: 'EAAfuzzGRANT00000000000000001', expires_in: 1e300 })) };
    const result = await outcome((g) => exchangeForLongLived(g, { appId: '123', appSecret: APP_SECRET, token: USER_TOKEN }));
    if (result.ok) checkGrant(result.value);
    else expectDocumentedFailure(result.error);
  });

  it('a server that never answers ends with GRAPH_TIMEOUT (exit 6) within the client timeout', async () => {
    const hang = createServer(() => {});
    await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
    const graph = createGraphClient({
      baseUrl: `http://127.0.0.1:${(hang.address() as AddressInfo).port}`, version: 'v26.0', appSecret: APP_SECRET, timeoutMs: 300,
      maxWaitMs: 0, maxRetries: 1, clock: instantClock, userAgent: 'fbtok/fuzz',
    });
    try {
      const error = await bounded(debugToken(graph, { appToken: `123|${APP_SECRET}`, inputToken: USER_TOKEN }).then(() => null, (e: unknown) => e), 5_000);
      expect(error).toBeInstanceOf(GraphError);
      expect((error as GraphError).code).toBe('GRAPH_TIMEOUT');
      expect((error as GraphError).exitCode).toBe(6);
    } finally {
      await graph.close();
      hang.closeAllConnections();
      await new Promise<void>((resolve) => hang.close(() => resolve()));
    }
  });
});
