// Fakes for the Graph client tests: a clock that records sleeps and never waits, and a MockAgent rig.
import { MockAgent } from 'undici';
import { expect } from 'vitest';
import { createGraphClient } from '../../src/graph/client.js';
import { GraphError } from '../../src/graph/graph-error.js';
import type { GraphClientOptions } from '../../src/graph/types.js';
import type { Clock } from '../../src/io/clock.js';

export const BASE = 'https://graph.test';
/** Canary secrets: none of them may appear in any error message or log line. */
export const APP_SECRET = 'canary-app-secret-5b1f0c8d';
export const USER_TOKEN = 'EAAcanaryUSERtoken0000000000000000000001';
export const PAGE_TOKEN = 'EAAcanaryPAGEtoken0000000000000000000002';
export const APP_TOKEN = `1234567890|${APP_SECRET}`;

export interface FakeClock extends Clock {
  /** Every sleep asked for, in ms. */
  sleeps: number[];
}

export function fakeClock(start = Date.UTC(2026, 7, 1, 12, 0, 0)): FakeClock {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      now += ms;
    },
  };
}

export interface Seen {
  method: string;
  path: string;
  url: URL;
  body: string;
  form: URLSearchParams;
  headers: Record<string, string>;
}

type Body = unknown;

/** A Graph client on a MockAgent that refuses real connections; `done()` fails if a stub was never used. */
export function rig(overrides: Partial<GraphClientOptions> = {}) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get(BASE);
  const clock = fakeClock();
  const logs: string[] = [];
  const warns: string[] = [];
  const seen: Seen[] = [];
  const graph = createGraphClient({
    baseUrl: BASE,
    version: 'v26.0',
    appSecret: APP_SECRET,
    timeoutMs: 5_000,
    clock,
    userAgent: 'fbtok/test',
    dispatcher: agent,
    log: (line) => logs.push(line),
    warn: (line) => warns.push(line),
    random: () => 0.5,
    ...overrides,
  });

  /** Answers requests whose path starts with `prefix` (query included) with a body (JSON unless a string). */
  function reply(
    method: string,
    prefix: string,
    status: number,
    body: Body | ((s: Seen) => Body),
    headers: Record<string, string> = {},
    times = 1,
  ) {
    pool
      .intercept({ path: (p) => p.startsWith(prefix), method })
      .reply((opts) => {
        const bodyText = typeof opts.body === 'string' ? opts.body : '';
        const url = new URL(opts.path, BASE);
        const s: Seen = {
          method: opts.method,
          path: opts.path,
          url,
          body: bodyText,
          form: new URLSearchParams(bodyText),
          headers: normalizeHeaders(opts.headers),
        };
        seen.push(s);
        const data = typeof body === 'function' ? (body as (s: Seen) => Body)(s) : body;
        const isText = typeof data === 'string';
        return {
          statusCode: status,
          data: isText ? data : JSON.stringify(data),
          responseOptions: { headers: { 'content-type': isText ? 'text/plain' : 'application/json', ...headers } },
        };
      })
      .times(times);
  }

  return {
    agent, pool, graph, clock, logs, warns, seen, reply,
    async done() {
      agent.assertNoPendingInterceptors();
      await agent.close();
    },
  };
}

function normalizeHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) out[String(headers[i]).toLowerCase()] = String(headers[i + 1]);
  } else {
    for (const [k, v] of Object.entries(headers as Record<string, string>)) out[k.toLowerCase()] = String(v);
  }
  return out;
}

export function envelope(code: number, message: string, extra: Record<string, unknown> = {}) {
  return { error: { message, type: 'OAuthException', code, fbtrace_id: 'AbCdEf123', ...extra } };
}

/** Awaits a promise that must fail with a GraphError, and returns the error. */
export async function failure(p: Promise<unknown>): Promise<GraphError> {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(GraphError);
  return error as GraphError;
}
