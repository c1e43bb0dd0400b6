// Page token records derived from one user token, without a debug_token call per Page: what a Page token
// carries follows from the user token (scopes per granular target, expiry, app, user).
// https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived#long-lived-page-token
import type { TokenInfo } from '../graph/debug-token.js';
import type { ManagedPage } from '../graph/pages.js';
import type { StoredToken } from '../store/token-store.js';
import { fingerprint } from '../store/fingerprint.js';
import { isLongLived, isoOrNull, recordFromInfo } from './token-record.js';

/** The user token's scopes that apply to this Page: granular target_ids include it, or there are none. */
export function scopesForPage(user: Pick<TokenInfo, 'scopes' | 'granularScopes'>, pageId: string): TokenInfo['granularScopes'] {
  return pageScopesOf(user)(pageId);
}

/**
 * scopesForPage for many Pages of one user token: each scope's targets become a set once, so a user
 * with a thousand Pages (each listed in the targets) costs a lookup per Page, not a scan.
 */
export function pageScopesOf(user: Pick<TokenInfo, 'scopes' | 'granularScopes'>): (pageId: string) => TokenInfo['granularScopes'] {
  const targets = user.scopes.map((scope) => {
    const ids = user.granularScopes.find((s) => s.scope === scope)?.targetIds;
    return { scope, ids: ids ? new Set(ids) : undefined };
  });
  return (pageId) => {
    const out: TokenInfo['granularScopes'] = [];
    for (const { scope, ids } of targets) {
      if (!ids) out.push({ scope });
      else if (ids.has(pageId)) out.push({ scope, targetIds: [pageId] });
    }
    return out;
  };
}

/** What debug_token would say about the Page token: never expires when the user token is long-lived. */
export function pageInfoFrom(user: TokenInfo, page: ManagedPage, nowMs: number, scopesOf = pageScopesOf(user)): TokenInfo {
  const granular = scopesOf(page.id);
  return {
    valid: true,
    type: 'PAGE',
    appId: user.appId,
    application: user.application,
    userId: user.userId,
    profileId: page.id,
    scopes: granular.map((g) => g.scope),
    granularScopes: granular.filter((g) => g.targetIds),
    issuedAt: null,
    expiresAt: isLongLived(user, nowMs) ? null : user.expiresAt,
    dataAccessExpiresAt: user.dataAccessExpiresAt,
    error: null,
    metadata: null,
  };
}

export interface PageRecordsInput {
  userToken: string;
  user: TokenInfo;
  pages: ManagedPage[];
  nowMs: number;
}

/** One StoredToken per Page that came with a token, named page:<id>. */
export function pageRecords(input: PageRecordsInput): StoredToken[] {
  const derivedFrom = fingerprint(input.userToken);
  const scopesOf = pageScopesOf(input.user);
  return input.pages
    .filter((p): p is ManagedPage & { accessToken: string } => p.accessToken !== null)
    .map((page) => ({
      secret: page.accessToken,
      record: recordFromInfo({
        name: `page:${page.id}`,
        token: page.accessToken,
        info: pageInfoFrom(input.user, page, input.nowMs, scopesOf),
        obtainedVia: 'page-tokens',
        obtainedAtMs: input.nowMs,
        subjectName: page.name,
        tasks: page.tasks,
        derivedFrom,
      }),
    }));
}

/**
 * The Page token's own lifetime as debug_token reports it (expires_at / data_access_expires_at, 0 = never),
 * in place of what was inferred from the user token: a Page token's data access need not end with the user
 * token's, and offline `status` must say what `status --check` says. An invalid answer changes nothing.
 */
export function withOwnLifetime(stored: StoredToken, info: TokenInfo): StoredToken {
  if (!info.valid) return stored;
  const record = { ...stored.record, expiresAt: isoOrNull(info.expiresAt), dataAccessExpiresAt: isoOrNull(info.dataAccessExpiresAt) };
  if (info.issuedAt !== null) record.issuedAt = isoOrNull(info.issuedAt);
  return { ...stored, record };
}

/** withOwnLifetime for many Page tokens: one batched debug_token (50 per request, the caller's `debug`). */
export async function withOwnLifetimes(
  tokens: StoredToken[],
  debug: (inputTokens: string[]) => Promise<TokenInfo[]>,
  onFailure: (error: unknown) => void,
): Promise<StoredToken[]> {
  if (tokens.length === 0) return tokens;
  try {
    const infos = await debug(tokens.map((t) => t.secret));
    return tokens.map((t, i) => withOwnLifetime(t, infos[i]));
  } catch (error) {
    // The tokens themselves are good: store them with the inferred dates (status --check corrects them).
    onFailure(error);
    return tokens;
  }
}
