// Decides, for each stored token, whether `rotate` has anything to do and why. Pure: the clock, the live
// debug_token answers and the user token a Page came from are all passed in, so every rule is unit-tested.
// Rules: https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived
import type { TokenInfo } from '../graph/debug-token.js';
import type { TokenRecord } from '../store/token-store.js';
import { formatSpan } from '../util/duration.js';
import { isLongLived, msOrNull } from '../tokens/token-record.js';
import { clause } from '../util/sentence.js';

/**
 * The longest a token fbtok can get lives: a login or an exchange gives about 60 days (5,184,000 s), and a
 * system-user refresh the same. A --within this long makes even a fresh token due at once.
 */
export const LONGEST_TOKEN_LIFE_MS = 60 * 86_400_000;

/** Why a --within window can never be met (it is as long as a token lives), or null when it can. */
export function withinTooLong(withinMs: number): string | null {
  if (withinMs < LONGEST_TOKEN_LIFE_MS) return null;
  return `--within ${formatSpan(withinMs)} is as long as a token lives (a login or exchange gives about ${formatSpan(LONGEST_TOKEN_LIFE_MS)})`;
}

export type TokenKind = 'user' | 'page' | 'system-user' | 'other';

/** What to do with one token. `login`: only a new login renews it (exit 8); `invalid`: it is dead (exit 3). */
export type Step =
  | { kind: 'skip'; reason: string }
  | { kind: 'exchange'; reason: string }
  | { kind: 'refresh'; reason: string; extend60Days: boolean }
  | { kind: 'derive'; reason: string }
  | { kind: 'login'; reason: string; before: number | null }
  | { kind: 'invalid'; reason: string };

/** The user token a Page token depends on, as it is now (after the user phase of this rotation). */
export interface PageSource {
  name: string;
  fingerprint: string;
  valid: boolean;
}

export interface PlanInput {
  record: TokenRecord;
  /** The live debug_token answer; null when the secret is missing from the store. */
  info: TokenInfo | null;
  nowMs: number;
  withinMs: number;
  /** The token was named on the command line with --force. */
  forced?: boolean;
  /** For Page tokens: the user token they were derived from, or null when none is stored. */
  source?: PageSource | null;
}

export function kindOf(record: TokenRecord, info: TokenInfo | null): TokenKind {
  const type = (info?.type ?? record.type ?? '').toUpperCase();
  if (type === 'USER') return 'user';
  if (type === 'PAGE') return 'page';
  if (type === 'SYSTEM_USER') return 'system-user';
  return 'other';
}

export function planToken(input: PlanInput): Step {
  const { record, info } = input;
  if (!info) return { kind: 'invalid', reason: 'its secret is missing from the store' };
  switch (kindOf(record, info)) {
    case 'user':
      return planUser(input, info);
    case 'page':
      return planPage(input, info);
    case 'system-user':
      return planSystemUser(input, info);
    default:
      return { kind: 'skip', reason: `not rotated: ${info.type ?? record.type} tokens do not expire` };
  }
}

function planUser(input: PlanInput, info: TokenInfo): Step {
  if (!info.valid) return { kind: 'invalid', reason: invalidReason(info) };
  const dataAccess = dataAccessDue(input, info);
  if (dataAccess) return dataAccess;
  if (!isLongLived(info, input.nowMs)) return { kind: 'exchange', reason: `short-lived: ${expiresIn(info.expiresAt, input.nowMs)}` };
  if (dueWithin(info.expiresAt, input)) return { kind: 'exchange', reason: dueReason(info.expiresAt!, input) };
  return notDue(info.expiresAt, input.nowMs);
}

function planSystemUser(input: PlanInput, info: TokenInfo): Step {
  if (!info.valid) return { kind: 'invalid', reason: invalidReason(info) };
  if (info.expiresAt === null) {
    if (input.forced) return { kind: 'refresh', reason: 'forced: a non-expiring system-user token', extend60Days: false };
    return { kind: 'skip', reason: 'not due: never expires (non-expiring system-user token; name it with --force to refresh)' };
  }
  const dataAccess = dataAccessDue(input, info);
  if (dataAccess) return dataAccess;
  if (dueWithin(info.expiresAt, input) || input.forced) {
    return { kind: 'refresh', reason: input.forced && !dueWithin(info.expiresAt, input) ? `forced: ${expiresIn(info.expiresAt, input.nowMs)}` : dueReason(info.expiresAt, input), extend60Days: true };
  }
  return notDue(info.expiresAt, input.nowMs);
}

function planPage(input: PlanInput, info: TokenInfo): Step {
  const source = input.source ?? null;
  const sourceWorks = source?.valid === true;
  if (!info.valid) {
    if (sourceWorks) return { kind: 'derive', reason: `${invalidReason(info)}, while the user token works` };
    return { kind: 'invalid', reason: `${invalidReason(info)}${source ? ', and so is its user token' : ', and no user token is stored'}` };
  }
  const dataAccess = dataAccessDue(input, info);
  if (dataAccess) return dataAccess;
  const derivedFrom = input.record.derivedFrom;
  if (source && derivedFrom && derivedFrom !== source.fingerprint) {
    if (sourceWorks) return { kind: 'derive', reason: `the user token it came from was replaced (now ${source.name} ${source.fingerprint})` };
    return { kind: 'invalid', reason: `the user token it came from was replaced, and "${source.name}" is not valid` };
  }
  if (dueWithin(info.expiresAt, input)) {
    const reason = `${dueReason(info.expiresAt!, input)} (derived from a short-lived user token)`;
    if (sourceWorks) return { kind: 'derive', reason };
    return { kind: 'login', reason: `${reason}; no valid user token to re-derive it from`, before: info.expiresAt };
  }
  return notDue(info.expiresAt, input.nowMs);
}

/** Data access (~90 days after the user last used the app) is renewed only by a login. */
function dataAccessDue(input: PlanInput, info: TokenInfo): Step | null {
  const at = info.dataAccessExpiresAt;
  if (at === null || !dueWithin(at, input)) return null;
  return { kind: 'login', reason: `data access ${at <= input.nowMs ? 'expired' : `expires in ${formatSpan(at - input.nowMs)}`} (within ${formatSpan(input.withinMs)})`, before: at };
}

export function dueWithin(expiresAt: number | null, input: Pick<PlanInput, 'nowMs' | 'withinMs'>): boolean {
  return expiresAt !== null && expiresAt - input.nowMs <= input.withinMs;
}

function dueReason(expiresAt: number, input: Pick<PlanInput, 'nowMs' | 'withinMs'>): string {
  return `${expiresIn(expiresAt, input.nowMs)} (within ${formatSpan(input.withinMs)})`;
}

function expiresIn(expiresAt: number | null, nowMs: number): string {
  if (expiresAt === null) return 'never expires';
  return expiresAt <= nowMs ? 'expired' : `expires in ${formatSpan(expiresAt - nowMs)}`;
}

function notDue(expiresAt: number | null, nowMs: number): Step {
  return { kind: 'skip', reason: expiresAt === null ? 'not due: never expires' : `not due: ${formatSpan(expiresAt - nowMs)} left` };
}

export function invalidReason(info: Pick<TokenInfo, 'error'>): string {
  const e = info.error;
  const codes = e?.code == null ? '' : e.subcode == null ? ` [${e.code}]` : ` [${e.code}/${e.subcode}]`;
  // A clause: the reason is followed by more (", and so is its user token", ": run `fbtok login`").
  return `invalid${codes}: ${clause(e?.message ?? 'Facebook says the token is not valid')}`;
}

/** The stored expiry of a record (ms, null = never), for output when no live answer exists. */
export function recordExpiry(record: TokenRecord): number | null {
  return msOrNull(record.expiresAt);
}

/**
 * The stored user token a Page token came from: the USER record whose token (or the one it replaced) has the
 * Page's `derivedFrom` fingerprint; else the record named "user"; else the only USER record of the same app.
 */
export function sourceRecordFor(page: TokenRecord, records: readonly TokenRecord[]): TokenRecord | null {
  const users = records.filter((r) => (r.type ?? '').toUpperCase() === 'USER');
  if (page.derivedFrom) {
    const exact = users.find((r) => r.fingerprint === page.derivedFrom) ?? users.find((r) => r.previous?.fingerprint === page.derivedFrom);
    if (exact) return exact;
  }
  const named = users.find((r) => r.name === 'user');
  if (named) return named;
  const sameApp = users.filter((r) => r.appId === page.appId);
  return sameApp.length === 1 ? sameApp[0] : null;
}
