// `page-tokens` from a short-lived user token derives Page tokens that die with it (in an hour or two). When
// the store already holds a working Page token that lives longer (usually one that never expires, derived
// from a long-lived user token), replacing it would silently turn a bot that works for months into one that
// stops tonight. So such a token is kept, and the run goes on for the rest:
// a careful bot developer wants the Pages that have no token yet (or a dead one) to get one now, and wants
// the tokens that work to keep working; refusing the whole run would block both for the sake of neither.
// Facebook may also hand out a new string for the same Page on every call: a stored Page token that never
// expires, replaced by one that never expires either, would only churn the keychain (300 Pages: 600 writes
// with the previous copies) for nothing, so it is kept as well.
// `--force` replaces them anyway. The kept ones are checked with one batched debug_token first: a Page
// token that died (password change, lost role) is replaced, not kept.
// https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived#long-lived-page-token
import type { TokenInfo } from '../graph/debug-token.js';
import type { StoredToken, TokenRecord, TokenStore } from '../store/token-store.js';
import { msOrNull } from './token-record.js';

export interface KeepLongerLivedOptions {
  derived: StoredToken[];
  store: Pick<TokenStore, 'list' | 'getSecrets'>;
  /** debug_token for these secrets, in order (one batched call). */
  debug(secrets: string[]): Promise<TokenInfo[]>;
}

export interface KeepLongerLivedResult {
  /** What to store. */
  put: StoredToken[];
  /** Stored records left in place because they outlive the token that would replace them. */
  kept: TokenRecord[];
  /** Stored records left in place because they work and never expire, as the new ones would not either. */
  unchanged: TokenRecord[];
  /** Set when the check of the kept ones failed (rate limit, network): they were kept unchecked. */
  checkFailed?: unknown;
}

export async function keepLongerLived(opts: KeepLongerLivedOptions): Promise<KeepLongerLivedResult> {
  const stored = new Map((await opts.store.list()).map((r) => [r.name, r]));
  const candidates = opts.derived.filter(({ record }) => {
    const old = stored.get(record.name);
    return old !== undefined && old.type === 'PAGE' && !old.invalid && old.fingerprint !== record.fingerprint && lastsAsLong(msOrNull(old.expiresAt), msOrNull(record.expiresAt));
  });
  if (candidates.length === 0) return { put: opts.derived, kept: [], unchanged: [] };
  const secrets = await opts.store.getSecrets(candidates.map((c) => c.record.name));
  const checkable = candidates.filter((c) => secrets.has(c.record.name));
  // Never expiring beside never expiring: nothing to tell them apart, so nothing to write.
  const alike = (c: StoredToken) => c.record.expiresAt === null && stored.get(c.record.name)!.expiresAt === null;
  let infos: TokenInfo[] | undefined;
  let checkFailed: unknown;
  try {
    infos = checkable.length ? await opts.debug(checkable.map((c) => secrets.get(c.record.name)!)) : [];
  } catch (error) {
    checkFailed = error;
  }
  // Not knowing is no reason to lose a longer-lived token (kept unchecked), nor to keep an unchecked one
  // where the fresh token is as good (stored instead).
  const keep = infos ? checkable.filter((c, i) => infos[i].valid && lastsAsLong(infos[i].expiresAt, msOrNull(c.record.expiresAt))) : checkable.filter((c) => !alike(c));
  const keptNames = new Set(keep.map((c) => c.record.name));
  return {
    put: opts.derived.filter((d) => !keptNames.has(d.record.name)),
    kept: keep.filter((c) => !alike(c)).map((c) => stored.get(c.record.name)!),
    unchanged: keep.filter(alike).map((c) => stored.get(c.record.name)!),
    ...(checkFailed === undefined ? {} : { checkFailed }),
  };
}

/** Expiry a (ms, null = never) is later than expiry b, or both never come. */
function lastsAsLong(a: number | null, b: number | null): boolean {
  if (b === null) return a === null;
  return a === null || a > b;
}
