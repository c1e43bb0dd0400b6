// POST / with `batch` (https://developers.facebook.com/docs/graph-api/batch-requests): every item runs
// through the same router; results come back in order as {code, headers, body: '<JSON string>'}.
import type { Ctx, GraphRequest } from './context.js';
import { makeCtx, splitVersion } from './context.js';
import { graphError, missingParam, type Reply } from './errors.js';
import type { FaultQueue } from './faults.js';
import { countCall, throttled } from './usage.js';

export const MAX_BATCH = 50;

type Route = (ctx: Ctx) => Promise<Reply>;
interface BatchItem { method?: string; relative_url?: string; body?: unknown; name?: string }
export interface BatchResult { code: number; headers?: Array<{ name: string; value: string }>; body: string }

function formOf(body: unknown): Record<string, string> {
  if (typeof body === 'string') return Object.fromEntries(new URLSearchParams(body));
  if (body && typeof body === 'object') {
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  }
  return {};
}

function itemRequest(item: BatchItem, fallback: Record<string, string>): GraphRequest {
  const url = new URL(String(item.relative_url ?? '').replace(/^\/?/, '/'), 'http://batch.invalid');
  const { versionPrefix, path } = splitVersion(url.pathname);
  const query = Object.fromEntries(url.searchParams);
  const form = formOf(item.body);
  if (!query.access_token && !form.access_token) {
    // Items without their own token use the batch's token, and its appsecret_proof with it.
    form.access_token = fallback.access_token;
    if (fallback.appsecret_proof && !query.appsecret_proof) form.appsecret_proof = fallback.appsecret_proof;
  }
  return { method: String(item.method ?? 'GET').toUpperCase(), path, versionPrefix, query, form };
}

function toResult(reply: Reply, includeHeaders: boolean): BatchResult {
  const body = reply.raw ?? JSON.stringify(reply.body ?? null);
  if (!includeHeaders) return { code: reply.status, body };
  const headers = [
    { name: 'Content-Type', value: reply.contentType ?? 'text/javascript; charset=UTF-8' },
    { name: 'Cache-Control', value: 'private, no-cache, no-store, must-revalidate' },
    ...Object.entries(reply.headers ?? {}).map(([name, value]) => ({ name, value })),
  ];
  return { code: reply.status, headers, body };
}

function parseItems(raw: string | undefined): BatchItem[] | Reply {
  if (!raw) return missingParam('batch');
  let items: unknown;
  try { items = JSON.parse(raw); } catch { items = undefined; }
  if (!Array.isArray(items) || items.some((i) => !i || typeof i !== 'object')) {
    return graphError({ code: 100, message: '(#100) The parameter batch must be a JSON array of request objects' });
  }
  if (items.length > MAX_BATCH) {
    return graphError({ code: 100, message: `(#100) Too many requests in batch message. Maximum batch size is ${MAX_BATCH}` });
  }
  return items as BatchItem[];
}

export async function runBatch(ctx: Ctx, route: Route, faults: FaultQueue): Promise<Reply> {
  if (!ctx.params.access_token) {
    return graphError({ code: 100, message: '(#100) A batch request requires an access_token, the fallback for its items' });
  }
  const items = parseItems(ctx.params.batch);
  if (!Array.isArray(items)) return items;
  const nulls = faults.takeBatchNulls();
  const includeHeaders = ctx.params.include_headers !== 'false';
  const results: Array<BatchResult | null> = [];
  for (const [i, item] of items.entries()) {
    if (i < nulls) { results.push(null); continue; }
    const req = itemRequest(item, ctx.params);
    const token = req.form.access_token ?? req.query.access_token;
    const refused = throttled(ctx.state, token);
    const reply = refused ?? await route(makeCtx(ctx.state, req, true));
    reply.headers = { ...reply.headers, ...countCall(ctx.state, token, !refused) };
    results.push(toResult(reply, includeHeaders));
  }
  return { status: 200, body: results, batchSize: items.length };
}
