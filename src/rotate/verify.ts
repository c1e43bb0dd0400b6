// The gate every new token passes before it may replace the old one: debug_token says it is valid, for
// the same app and the same subject, and its expiry really moved (or it never expires).
import type { TokenInfo } from '../graph/debug-token.js';
import { invalidReason } from './plan.js';

/** Less gain than this is "did not move": clocks and rounding differ by seconds, not by a minute. */
export const MIN_EXPIRY_GAIN_MS = 60_000;

export interface VerifyExpectations {
  appId: string;
  /** The user or system-user id (user_id), or the Page id (profile_id) for Page tokens. */
  subjectId: string | null;
  page?: boolean;
}

export type Verdict = { ok: true } | { ok: false; notExtended: boolean; problem: string };

export function verifyReplacement(before: TokenInfo | null, after: TokenInfo, expect: VerifyExpectations): Verdict {
  if (!after.valid) return fail(`the new token is ${invalidReason(after)}`);
  if (after.appId !== null && after.appId !== expect.appId) return fail(`the new token belongs to app ${after.appId}, not ${expect.appId}`);
  const subject = expect.page ? after.profileId : after.userId;
  if (expect.subjectId !== null && subject !== expect.subjectId) {
    return fail(`the new token acts as ${subject ?? 'someone unknown'}, not ${expect.subjectId}`);
  }
  if (after.expiresAt === null) return { ok: true };
  const old = before?.valid ? before.expiresAt : null;
  if (before?.valid && old === null) return { ok: false, notExtended: true, problem: 'the new token expires and the current one never does' };
  if (old !== null && after.expiresAt < old + MIN_EXPIRY_GAIN_MS) return { ok: false, notExtended: true, problem: 'the expiry did not move' };
  return { ok: true };
}

function fail(problem: string): Verdict {
  return { ok: false, notExtended: false, problem };
}
