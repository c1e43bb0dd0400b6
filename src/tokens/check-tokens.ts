// Validates stored tokens online in as few round trips as the batch API allows (50 per request), and
// remembers in the index which ones Facebook called invalid.
import type { Context } from '../context.js';
import type { TokenRecord, TokenStore } from '../store/token-store.js';
import { debugTokens, type TokenInfo } from '../graph/debug-token.js';
import { appAccessToken } from './app-credentials.js';
import { startProgress } from '../io/progress.js';
import { isoOrNull } from './token-record.js';
import { obtainAgain, vaultLabel } from './token-errors.js';

export interface CheckedToken {
  record: TokenRecord;
  info: TokenInfo;
}

export interface StoredCheck {
  checked: CheckedToken[];
  /** Listed in the index, absent from the vault: not checked online. */
  missing: TokenRecord[];
  /** The vault's secret is not the one the index records (it was checked online as it is). */
  mismatched: TokenRecord[];
}

/**
 * debug_token for every record (batched), then one updateRecords for those newly found invalid. The secrets
 * come from one search of the vault (checkSecrets), which also shows where the index and the vault disagree.
 */
export async function checkStoredTokens(ctx: Context, store: TokenStore, records: TokenRecord[], command: string): Promise<StoredCheck> {
  if (records.length === 0) return { checked: [], missing: [], mismatched: [] };
  // The Graph client (undici) and the app token get ready while the store reads: a keychain search of
  // hundreds of entries leaves the process idle for a good while. Their errors count only if they are used.
  const graphReady = Promise.all([ctx.graph(), appAccessToken(ctx)]);
  graphReady.catch(() => {});
  const vault = await store.checkSecrets();
  const wanted = new Set(records.map((r) => r.name));
  const missing = vault.missing.filter((r) => wanted.has(r.name));
  const mismatched = vault.mismatched.filter((r) => wanted.has(r.name));
  const present = records.filter((r) => vault.secrets.has(r.name));
  if (present.length === 0) return { checked: [], missing, mismatched };
  const [graph, appToken] = await graphReady;
  const progress = startProgress(ctx, `Checking ${present.length} ${present.length === 1 ? 'token' : 'tokens'} with Facebook`);
  // debugTokens throws on a per-item error: it is about the call (the app token, the network), not a token.
  const infos = await debugTokens(graph, { appToken, inputTokens: present.map((r) => vault.secrets.get(r.name)!), signal: ctx.signal }).finally(() => progress.stop());
  const checked = present.map((record, i) => ({ record, info: infos[i] }));
  await markInvalid(store, checked, ctx.clock.now(), command);
  return { checked, missing, mismatched };
}

/** The lines status --check, debug-token --all and doctor print for records the vault contradicts. */
export function contradictionLines(check: Pick<StoredCheck, 'missing' | 'mismatched'>, storeKind: string): string[] {
  const where = vaultLabel(storeKind);
  return [
    ...check.missing.map((r) => `The index lists "${r.name}" but the ${where} has no entry for it: get it again with ${obtainAgain(r.name)}, or drop the record: \`fbtok token delete ${r.name}\`.`),
    ...check.mismatched.map((r) => `The ${where} holds another secret for "${r.name}" than the index records (fingerprint ${r.fingerprint}): ${repairMismatch(r.name)}`),
  ];
}

/** Re-record the entry from the secret the vault really holds (the index is rebuilt from debug_token), or get it again. */
export function repairMismatch(name: string): string {
  return `re-record it from the stored secret: \`fbtok token get ${name} | fbtok token import --token-stdin --name ${name} --force\` (or get it again with ${obtainAgain(name)}).`;
}

/**
 * Marks the records whose token debug_token called invalid (a record already marked keeps its first reason),
 * and clears the mark of one that is valid again (e.g. the Page role came back). One updateRecords call.
 */
export async function markInvalid(store: TokenStore, checked: CheckedToken[], nowMs: number, command: string): Promise<void> {
  const changed: TokenRecord[] = [];
  for (const c of checked) {
    if (!c.info.valid && !c.record.invalid) c.record = invalidated(c.record, c.info, nowMs);
    else if (c.info.valid && (c.record.invalid || lifetimeDiffers(c.record, c.info))) c.record = withLifetimeOf(withoutInvalid(c.record), c.info);
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

/** The record's dates are not what Facebook says now (a Page record that copied its user token's data access). */
function lifetimeDiffers(record: TokenRecord, info: TokenInfo): boolean {
  return !sameTime(record.expiresAt, info.expiresAt) || !sameTime(record.dataAccessExpiresAt, info.dataAccessExpiresAt);
}

function sameTime(iso: string | null, ms: number | null): boolean {
  return iso === null ? ms === null : ms !== null && Date.parse(iso) === ms;
}

/** So that offline `status` says afterwards what `status --check` said. */
function withLifetimeOf(record: TokenRecord, info: TokenInfo): TokenRecord {
  return { ...record, expiresAt: isoOrNull(info.expiresAt), dataAccessExpiresAt: isoOrNull(info.dataAccessExpiresAt) };
}

function withoutInvalid(record: TokenRecord): TokenRecord {
  const { invalid: _cleared, ...rest } = record;
  return rest;
}
