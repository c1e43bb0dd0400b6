// Batch requests: at most 50 items per POST, null (timed-out) items sent again, per-item errors kept apart.
// https://developers.facebook.com/docs/graph-api/batch-requests
import type { BatchItem, BatchResult, QueryValue } from './types.js';
import { classifyBody } from './attempt.js';
import { GraphError } from './graph-error.js';

export const BATCH_LIMIT = 50;
export const BATCH_CONCURRENCY = 4;
/** Rounds of re-sending null items after the first answer. */
export const NULL_ITEM_RETRIES = 3;

export interface WireItem {
  method: string;
  relative_url: string;
  body?: string;
  name?: string;
}

export interface BatchDeps {
  /** Sends one batch POST and returns the parsed JSON answer (the client retries transport failures). */
  send(items: WireItem[]): Promise<unknown>;
  /** Waits before re-sending null items (round 0, 1, ...), through the injected clock. */
  pause(round: number): Promise<void>;
}

export async function runBatch<T>(items: readonly BatchItem[], deps: BatchDeps): Promise<BatchResult<T>[]> {
  const results: BatchResult<T>[] = new Array(items.length);
  const chunks: number[][] = [];
  for (let start = 0; start < items.length; start += BATCH_LIMIT) {
    chunks.push(range(start, Math.min(start + BATCH_LIMIT, items.length)));
  }
  await forEachLimit(chunks, BATCH_CONCURRENCY, async (indexes) => {
    let pending = indexes;
    for (let round = 0; pending.length > 0 && round <= NULL_ITEM_RETRIES; round++) {
      if (round > 0) await deps.pause(round - 1);
      const answer = await deps.send(pending.map((i) => toWire(items[i])));
      if (!Array.isArray(answer)) throw GraphError.unexpected('a batch request');
      const still: number[] = [];
      pending.forEach((index, k) => {
        const item: unknown = answer[k];
        if (item == null) still.push(index);
        else results[index] = parseItem<T>(item);
      });
      pending = still;
    }
    for (const index of pending) {
      results[index] = {
        ok: false,
        status: 0,
        error: new GraphError(`Batch item ${index} timed out on Facebook's side ${NULL_ITEM_RETRIES + 1} times.`, {
          kind: 'timeout',
          code: 'GRAPH_BATCH_ITEM_TIMEOUT',
          isTransient: true,
        }),
      };
    }
  });
  return results;
}

export function toWire(item: BatchItem): WireItem {
  const wire: WireItem = { method: item.method, relative_url: item.relativeUrl.replace(/^\//, '') };
  if (item.body) wire.body = formString(item.body);
  if (item.name) wire.name = item.name;
  return wire;
}

export function parseItem<T>(item: unknown): BatchResult<T> {
  const record = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
  const status = typeof record.code === 'number' ? record.code : Number(record.code) || 0;
  const body = record.body;
  let parsed: { data?: unknown; error?: GraphError };
  if (typeof body === 'string') {
    parsed = classifyBody(status, {}, body);
  } else {
    const envelope = GraphError.fromEnvelope(body, status);
    parsed = envelope ? { error: envelope } : { data: body };
  }
  if (parsed.error) return { ok: false, status, error: parsed.error };
  return { ok: true, status, data: parsed.data as T };
}

export function formString(values: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null) params.set(key, String(value));
  }
  return params.toString();
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, k) => start + k);
}

/** Runs `work` over `list` with at most `limit` in flight; the first failure rejects. */
async function forEachLimit<T>(list: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < list.length) await work(list[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));
}
