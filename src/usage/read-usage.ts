// One cheap call per stored token (`me?fields=id`), batched 50 to a request with the app token as the
// fallback; each item's own token and appsecret_proof ride in its body, never in a URL. The item headers
// carry X-App-Usage and, for Page tokens, X-Business-Use-Case-Usage.
// https://developers.facebook.com/docs/graph-api/batch-requests
import type { GraphClient } from '../graph/types.js';
import { appSecretProof } from '../graph/policy.js';
import type { UsageEntry } from './usage-state.js';
import { usageEntries } from './parse-usage.js';

const BATCH_LIMIT = 50;

export interface UsageRead {
  entries: UsageEntry[];
  /** Tokens whose call failed or timed out (their headers still count when present). */
  failures: Array<{ token: string; message: string }>;
}

export async function readUsage(graph: GraphClient, opts: { appToken: string; appSecret: string; tokens: Array<{ name: string; secret: string }> }): Promise<UsageRead> {
  const read: UsageRead = { entries: [], failures: [] };
  for (let start = 0; start < opts.tokens.length; start += BATCH_LIMIT) {
    const chunk = opts.tokens.slice(start, start + BATCH_LIMIT);
    const items = chunk.map((t) => ({
      method: 'GET',
      relative_url: 'me?fields=id',
      body: new URLSearchParams({ access_token: t.secret, appsecret_proof: appSecretProof(t.secret, opts.appSecret) }).toString(),
    }));
    const res = await graph.request<unknown>({ method: 'POST', path: '/', token: opts.appToken, form: { batch: JSON.stringify(items) } });
    const answers = Array.isArray(res.data) ? res.data : [];
    chunk.forEach((t, i) => {
      const item = answers[i] as { code?: unknown; headers?: unknown; body?: unknown } | null | undefined;
      if (!item || typeof item !== 'object') {
        read.failures.push({ token: t.name, message: 'no answer (the item timed out on Facebook\'s side)' });
        return;
      }
      const headers: Record<string, string> = {};
      for (const h of Array.isArray(item.headers) ? item.headers : []) {
        if (h && typeof h.name === 'string' && typeof h.value === 'string') headers[h.name] = h.value;
      }
      read.entries.push(...usageEntries(headers, t.name));
      if (item.code !== 200) read.failures.push({ token: t.name, message: errorMessage(item.body, item.code) });
    });
  }
  return read;
}

function errorMessage(body: unknown, code: unknown): string {
  try {
    const message = (JSON.parse(String(body)) as { error?: { message?: unknown } }).error?.message;
    if (typeof message === 'string') return message.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').slice(0, 200);
  } catch {
    // not JSON
  }
  return `HTTP ${String(code).slice(0, 10)}`;
}
