// The cap on answer size over real sockets: a loopback server streams a valid but huge JSON body, with and
// without Content-Length, and the client must stop reading at its cap, hang up, and fail with exit 6 unretried.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGraphClient, DEFAULT_MAX_BODY_BYTES } from '../../src/graph/client.js';
import type { GraphClient } from '../../src/graph/types.js';
import { failure, fakeClock, type FakeClock } from './helpers.js';

const CAP = 1024;
/** Far past the cap and past what loopback socket buffers absorb, so an unread rest is visible server-side. */
const HUGE = 64 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

interface Plan { size: number; contentLength: boolean }
interface Served { finished: boolean; written: number }

let server: Server;
let baseUrl: string;
let plan: Plan = { size: 100, contentLength: true };
let served: Promise<Served>[] = [];
let graph: GraphClient | undefined;
let clock: FakeClock;

/** `{"data":"xxx…"}` of exactly `size` bytes, written as the socket takes it. */
function stream(res: ServerResponse, size: number): Promise<Served> {
  const head = Buffer.from('{"data":"');
  const tail = Buffer.from('"}');
  let written = 0;
  const done = new Promise<Served>((resolve) => res.on('close', () => resolve({ finished: res.writableFinished, written })));
  const send = (buf: Buffer) => {
    written += buf.length;
    return res.write(buf);
  };
  const pump = () => {
    while (written < size - tail.length) {
      const left = size - tail.length - written;
      if (!send(left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left))) {
        res.once('drain', pump);
        return;
      }
    }
    send(tail);
    res.end();
  };
  send(head);
  pump();
  return done;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (plan.contentLength) headers['content-length'] = String(plan.size);
    res.writeHead(200, headers);
    served.push(stream(res, plan.size));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await graph?.close();
  graph = undefined;
  served = [];
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function client(maxBodyBytes?: number): GraphClient {
  clock = fakeClock();
  graph = createGraphClient({
    baseUrl, version: 'v26.0', timeoutMs: 30_000, maxWaitMs: 0, clock, userAgent: 'fbtok/test', random: () => 0.5,
    ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
  });
  return graph;
}

describe('answer size cap', () => {
  it.each([
    ['with Content-Length', true],
    ['chunked, no Content-Length', false],
  ])('%s: past the cap is exit 6, not retried, and the rest is never read', async (_label, contentLength) => {
    plan = { size: HUGE, contentLength };
    const e = await failure(client(CAP).request({ path: '/debug_token', query: { input_token: 'x' } }));
    expect(e).toMatchObject({ kind: 'too-large', code: 'GRAPH_TOO_LARGE', exitCode: 6, status: 200, isTransient: false });
    expect(e.message).toContain("Facebook's answer was larger than 1 kB");
    expect(e.remedy).toMatch(/proxy/);
    expect(e.remedy).toContain('--verbose');
    expect(served).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    const seen = await served[0];
    expect(seen.finished).toBe(false);
    expect(seen.written).toBeLessThan(HUGE);
  });

  it.each([true, false])('an answer of exactly the cap is read (Content-Length: %s)', async (contentLength) => {
    plan = { size: CAP, contentLength };
    const res = await client(CAP).request<{ data: string }>({ path: '/me' });
    expect(res.data.data).toHaveLength(CAP - '{"data":""}'.length);
  });

  it('defaults to 32 MB', async () => {
    expect(DEFAULT_MAX_BODY_BYTES).toBe(32 * 1024 * 1024);
    plan = { size: DEFAULT_MAX_BODY_BYTES + 1, contentLength: true };
    const e = await failure(client().request({ path: '/me' }));
    expect(e.message).toContain('larger than 32 MB');
  });
});
