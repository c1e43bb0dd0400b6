// HTTP plumbing: parse, record, inject faults and latency, route, write. No logging (benchmarks).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Ctx } from './context.js';
import { makeCtx, splitVersion } from './context.js';
import { errorBody, fbtraceId, type Reply } from './errors.js';
import { faultReply, type FaultQueue } from './faults.js';
import { countCall, throttled } from './usage.js';
import type { EmulatorState } from './state.js';
import type { RecordedRequest } from './types.js';

export interface ServerCore {
  state: EmulatorState;
  faults: FaultQueue;
  requests: RecordedRequest[];
  latencyMs: number;
  usageHeaders: Record<string, string> | null;
  clockSkewSeconds: number;
  route: (ctx: Ctx) => Promise<Reply>;
  control: (method: string, url: URL, body: string) => Promise<Reply>;
  /** Timers of delayed responses, cleared on close. */
  timers: Set<NodeJS.Timeout>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseForm(contentType: string | undefined, body: string): Record<string, string> {
  if (!body) return {};
  if (contentType?.includes('application/json')) {
    try {
      const obj = JSON.parse(body) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    } catch { return {}; }
  }
  return Object.fromEntries(new URLSearchParams(body));
}

/** `OAuth <token>` or `Bearer <token>` (either scheme, any case), as Graph reads it. */
function bearerToken(header: string | undefined): string | undefined {
  const m = /^\s*(?:OAuth|Bearer)\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1] : undefined;
}

function delay(core: ServerCore, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(() => { core.timers.delete(t); resolve(); }, ms);
    core.timers.add(t);
  });
}

function write(core: ServerCore, res: ServerResponse, reply: Reply, graph: boolean, truncate = false): void {
  if (res.destroyed) return;
  const text = reply.raw ?? JSON.stringify(reply.body ?? null);
  const headers: Record<string, string> = {
    'Content-Type': reply.contentType ?? 'application/json; charset=UTF-8',
    Date: new Date(core.state.now() + core.clockSkewSeconds * 1000).toUTCString(),
  };
  if (graph) {
    headers['x-fb-trace-id'] = fbtraceId();
    headers['facebook-api-version'] = 'v26.0';
    Object.assign(headers, core.usageHeaders ?? {});
  }
  Object.assign(headers, reply.headers ?? {});
  if (truncate) {
    // Valid JSON cut in half, no Content-Length: the client sees a "complete" chunked body that will not parse.
    res.writeHead(reply.status, headers);
    res.end(text.slice(0, Math.floor(text.length / 2)));
    return;
  }
  headers['Content-Length'] = String(Buffer.byteLength(text));
  res.writeHead(reply.status, headers);
  res.end(text);
}

async function handleGraph(core: ServerCore, req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const { versionPrefix, path } = splitVersion(url.pathname);
  const query = Object.fromEntries(url.searchParams);
  const form = parseForm(req.headers['content-type'], body);
  const headerToken = bearerToken(req.headers.authorization);
  const record: RecordedRequest = { method, url: req.url ?? '/', path, query, form, status: 0, startedMs: performance.now() };
  if (headerToken !== undefined) record.headerToken = headerToken;
  core.requests.push(record);
  const fault = core.faults.take(method, path);
  if (fault?.kind === 'reset') { req.socket.destroy(); return; }
  if (fault?.kind === 'hang') return; // released when close() drops every connection
  if (core.latencyMs > 0) await delay(core, core.latencyMs);
  const token = form.access_token ?? query.access_token ?? (core.state.opts.authorizationHeader ? headerToken : undefined);
  const isBatch = method === 'POST' && (path === '/' || path === '') && form.batch !== undefined;
  const refused = isBatch ? undefined : throttled(core.state, token);
  const reply = fault && fault.kind !== 'truncated'
    ? faultReply(fault, core.state)
    : refused ?? await core.route(makeCtx(core.state, { method, path, versionPrefix, query, form, headerToken }));
  // Usage headers of this call (a batch's items are counted one by one inside it).
  reply.headers = { ...countCall(core.state, token, !isBatch && !refused), ...reply.headers };
  record.status = reply.status;
  if (reply.batchSize !== undefined) record.batchSize = reply.batchSize;
  write(core, res, reply, true, fault?.kind === 'truncated');
  record.endedMs = performance.now();
}

export function createEmulatorServer(core: ServerCore): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    readBody(req)
      .then((body) => url.pathname.startsWith('/__emulator/')
        ? core.control((req.method ?? 'GET').toUpperCase(), url, body).then((reply) => write(core, res, reply, false))
        : handleGraph(core, req, res, url, body))
      .catch((err: unknown) => {
        const message = `An unknown error has occurred. (${err instanceof Error ? err.message : String(err)})`;
        write(core, res, { status: 500, body: errorBody({ code: 1, message }) }, false);
      });
  });
}
