import type { TokenInfo } from '../graph/debug-token.js';
import type { ObtainedVia, TokenRecord } from '../store/token-store.js';
import { RECORD_SCHEMA_VERSION } from '../store/token-store.js';
import { fingerprint } from '../store/fingerprint.js';
import { UsageError } from '../errors.js';

/** User tokens living longer than this are long-lived (short ones last 1-2 hours; long ones ~60 days). */
const LONG_LIVED_THRESHOLD_MS = 24 * 3_600_000;

/** The store name a token gets unless the user picks one: user, page:<id>, system-user:<id>, app. */
export function defaultNameFor(info: TokenInfo): string {
  switch (info.type) {
    case 'PAGE':
      return info.profileId ? `page:${info.profileId}` : 'page';
    case 'SYSTEM_USER':
      return info.userId ? `system-user:${info.userId}` : 'system-user';
    case 'APP':
      return 'app';
    default:
      return 'user';
  }
}

/** Names a token may be given on the command line: `user`, `page:123`, `system-user:ci`, `bot@acme`. */
export const TOKEN_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9:._@-]{0,127}$/;

export function validateTokenName(name: string, flag: string): string {
  if (!TOKEN_NAME_PATTERN.test(name)) {
    throw new UsageError(`Invalid token name "${name.slice(0, 40)}" for ${flag}.`, 'Use letters, digits and : . _ @ - (for example page:123 or ci-bot).', 'INVALID_TOKEN_NAME');
  }
  return name;
}

/** Whom a token is for: the Page for a Page token, else the user (or what debug_token names). */
export function subjectIdOf(info: Pick<TokenInfo, 'type' | 'userId' | 'profileId'>): string | null {
  return info.type === 'PAGE' ? info.profileId ?? null : info.userId ?? info.profileId ?? null;
}

/**
 * The name a record being replaced knew its subject by, when the new token is for the same subject;
 * null otherwise (a name for someone else would be wrong, not just stale).
 */
export function subjectNameFor(info: Pick<TokenInfo, 'type' | 'userId' | 'profileId'>, ...known: Array<Pick<TokenRecord, 'subjectId' | 'subjectName'> | undefined>): string | null {
  const id = subjectIdOf(info);
  if (id === null) return null;
  return known.find((r) => r?.subjectId === id && r.subjectName)?.subjectName ?? null;
}

/**
 * Long-lived when Graph says so (`issued_at` is only reported for long-lived tokens),
 * when it never expires, or when it has more than a day left.
 */
export function isLongLived(info: TokenInfo, nowMs: number): boolean {
  if (info.issuedAt !== null) return true;
  if (info.expiresAt === null) return true;
  return info.expiresAt - nowMs > LONG_LIVED_THRESHOLD_MS;
}

export interface RecordFromInfoOptions {
  name: string;
  token: string;
  info: TokenInfo;
  obtainedVia: ObtainedVia;
  obtainedAtMs: number;
  subjectName?: string | null;
  tasks?: string[];
  derivedFrom?: string;
}

export function recordFromInfo(opts: RecordFromInfoOptions): TokenRecord {
  const { info } = opts;
  const record: TokenRecord = {
    schemaVersion: RECORD_SCHEMA_VERSION,
    name: opts.name,
    type: info.type ?? 'USER',
    appId: info.appId,
    subjectId: subjectIdOf(info),
    subjectName: opts.subjectName ?? null,
    scopes: [...info.scopes],
    granularScopes: info.granularScopes.map((g) => (g.targetIds ? { scope: g.scope, targetIds: [...g.targetIds] } : { scope: g.scope })),
    expiresAt: isoOrNull(info.expiresAt),
    dataAccessExpiresAt: isoOrNull(info.dataAccessExpiresAt),
    issuedAt: isoOrNull(info.issuedAt),
    obtainedAt: new Date(opts.obtainedAtMs).toISOString(),
    obtainedVia: opts.obtainedVia,
    longLived: isLongLived(info, opts.obtainedAtMs),
    fingerprint: fingerprint(opts.token),
  };
  if (opts.tasks) record.tasks = [...opts.tasks];
  if (opts.derivedFrom) record.derivedFrom = opts.derivedFrom;
  return record;
}

export function isoOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}

/** Milliseconds from an ISO date in a record; null stays null (= never). */
export function msOrNull(iso: string | null | undefined): number | null {
  if (iso === null || iso === undefined) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}
