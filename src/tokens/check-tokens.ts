// Validates stored tokens online in as few round trips as the batch API allows (50 per request), and
// remembers in the index which ones Facebook called invalid.
import type { Context } from '../context.js';
import type { TokenRecord, TokenStore } from '../store/token-store.js';
import { debugTokens, type TokenInfo } from '../graph/debug-token.js';
import { appAccessToken } from './app-credentials.js';
import { startProgress } from '../io/progress.js';

export interface CheckedToken {
  record: TokenRecord;
  info: TokenInfo;
}

/** debug_token for every record (batched), then one updateRecords for those newly found invalid. */
export async function checkStoredTokens(ctx: Context, store: TokenStore, records: TokenRecord[], command: string): Promise<CheckedToken[]> {
  if (records.length === 0) return [];
  // The Graph client (undici) and the app token get ready while the store reads: a keychain search of
  // hundreds of entries leaves the process idle for a good while. Their errors count only if they are used.
  const graphReady = Promise.all([ctx.graph(), appAccessToken(ctx)]);
  graphReady.catch(() => {});
  const secrets = await store.getSecrets(records.map((r) => r.name));
  const present = records.filter((r) => {
    if (secrets.has(r.name)) return true;
    ctx.io.warn(`The secret of "${r.name}" is missing from the ${store.kind} store; skipped (\`fbtok token delete ${r.name}\` removes the record).`);
    return false;
  });
  if (present.length === 0) return [];
  const [graph, appToken] = await graphReady;
  const progress = startProgress(ctx, `Checking ${present.length} ${present.length === 1 ? 'token' : 'tokens'} with Facebook`);
  // debugTokens throws on a per-item error: it is about the call (the app token, the network), not a token.
  const infos = await debugTokens(graph, { appToken, inputTokens: present.map((r) => secrets.get(r.name)!), signal: ctx.signal }).finally(() => progress.stop());
  const checked = present.map((record, i) => ({ record, info: infos[i] }));
  await markInvalid(store, checked, ctx.clock.now(), command);
  return checked;
}

/**
 * Marks the records whose token debug_token called invalid (a record already marked keeps its first reason),
 * and clears the mark of one that is valid again (e.g. the Page role came back). One updateRecords call.
 */
export async function markInvalid(store: TokenStore, checked: CheckedToken[], nowMs: number, command: string): Promise<void> {
  const changed: TokenRecord[] = [];
  for (const c of checked) {
    if (!c.info.valid && !c.record.invalid) c.record = invalidated(c.record, c.info, nowMs);
    else if (c.info.valid && c.record.invalid) c.record = withoutInvalid(c.record);
    else continue;
    changed.push(c.record);
  }
  if (changed.length > 0) await store.updateRecords(changed, { command });
}

export function invalidated(record: TokenRecord, info: Pick<TokenInfo, 'error'>, nowMs: number): TokenRecord {
  const e = info.error;
  return {
    ...record,
    invalid: { code: e?.code ?? null, subcode: e?.subcode ?? null, message: e?.message ?? 'Facebook says the token is not valid.', at: new Date(nowMs).toISOString() },
  };
}

function withoutInvalid(record: TokenRecord): TokenRecord {
  const { invalid: _cleared, ...rest } = record;
  return rest;
}
