// Fakes for the doctor checks: a Graph client answering from a script of expected calls, a store over a map.
import { expect } from 'vitest';
import type { BatchItem, BatchResult, GraphClient, GraphRequest, GraphResponse } from '../../src/graph/types.js';
import type { TokenRecord, TokenStore } from '../../src/store/token-store.js';

export type Answer = { data: unknown; serverDate?: number } | Error;

interface Expected {
  method: string;
  path: string;
  answer: Answer | ((req: GraphRequest) => Answer);
}

/** A GraphClient that answers expected calls in order; `done()` fails on calls never made. */
export function scriptedGraph() {
  const expected: Expected[] = [];
  const seen: GraphRequest[] = [];
  const take = (req: GraphRequest): Answer => {
    seen.push(req);
    const i = expected.findIndex((e) => e.method === (req.method ?? 'GET') && e.path === req.path);
    if (i === -1) throw new Error(`unexpected Graph call ${req.method ?? 'GET'} ${req.path}`);
    const [e] = expected.splice(i, 1);
    return typeof e.answer === 'function' ? e.answer(req) : e.answer;
  };
  const respond = <T>(answer: Answer): GraphResponse<T> => {
    if (answer instanceof Error) throw answer;
    return { data: answer.data as T, status: 200, headers: {}, usage: [], serverDate: answer.serverDate };
  };
  const graph: GraphClient = {
    version: 'v26.0',
    baseUrl: 'https://graph.test',
    stats: { requests: 0 },
    request: async <T>(req: GraphRequest) => respond<T>(take(req)),
    paginate: async <T>(req: GraphRequest) => {
      const body = respond<{ data?: T[] }>(take(req)).data;
      return body.data ?? [];
    },
    batch: async <T>(items: BatchItem[]): Promise<BatchResult<T>[]> => {
      const answer = take({ method: 'POST', path: '/batch' });
      if (answer instanceof Error) throw answer;
      return (answer.data as T[]).slice(0, items.length).map((data) => ({ ok: true as const, status: 200, data }));
    },
    close: async () => {},
  };
  return {
    graph,
    seen,
    expect(method: string, path: string, answer: Expected['answer']) {
      expected.push({ method, path, answer });
    },
    done() {
      expect(expected.map((e) => `${e.method} ${e.path}`), 'Graph calls expected but never made').toEqual([]);
    },
  };
}

/** A TokenStore over an in-memory map; only what the doctor reads is implemented. */
export function memoryStore(records: TokenRecord[], secrets: Record<string, string>, kind = 'file', location = '/tmp/x/tokens.json', lockHolder: string | null = null): TokenStore {
  const notUsed = () => {
    throw new Error('not used by doctor');
  };
  return {
    kind,
    location,
    recordOutcomes: notUsed,
    lockHolder: async () => lockHolder,
    list: async () => records,
    get: async (name) => records.find((r) => r.name === name),
    getSecret: async (name) => secrets[name],
    getSecrets: async (names) => new Map(names.filter((n) => secrets[n] !== undefined).map((n) => [n, secrets[n]])),
    checkSecrets: async () => {
      const present = records.filter((r) => secrets[r.name] !== undefined);
      return { records, secrets: new Map(present.map((r) => [r.name, secrets[r.name]])), missing: records.filter((r) => secrets[r.name] === undefined), mismatched: [] };
    },
    getPreviousSecret: async () => undefined,
    put: notUsed,
    updateRecords: notUsed,
    delete: notUsed,
    withLock: notUsed,
    getAppSecret: async () => undefined,
    setAppSecret: notUsed,
    close: async () => {},
  };
}

export function record(name: string, overrides: Partial<TokenRecord> = {}): TokenRecord {
  const page = name.startsWith('page:');
  return {
    schemaVersion: 1,
    name,
    type: page ? 'PAGE' : 'USER',
    appId: '1234567890',
    subjectId: page ? name.slice(5) : '42',
    subjectName: page ? 'Shop' : 'Ann',
    scopes: ['public_profile', 'pages_show_list', 'pages_messaging', 'pages_manage_metadata'],
    expiresAt: null,
    dataAccessExpiresAt: null,
    obtainedAt: '2026-01-01T00:00:00.000Z',
    obtainedVia: page ? 'page-tokens' : 'login',
    fingerprint: 'abcd1234',
    ...(page ? { tasks: ['MANAGE', 'MESSAGING'] } : {}),
    ...overrides,
  };
}
