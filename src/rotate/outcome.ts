// What a rotation did to each token, the exit code that follows, and what the per-token steps share.
import type { TokenInfo } from '../graph/debug-token.js';
import type { GraphClient } from '../graph/types.js';
import type { TokenRecord, TokenStore } from '../store/token-store.js';
import { ExitCode } from '../errors.js';
import { isGraphError } from '../graph/graph-error.js';
import { isTokenCode } from '../graph/remedies.js';
import { isRetryable } from '../graph/policy.js';
import { formatDate } from '../tokens/lifetime.js';
import { isoOrNull } from '../tokens/token-record.js';

/** `would-rotate` only with --dry-run. */
export type RotationAction = 'rotated' | 'skipped' | 'failed' | 'would-rotate';

export interface RotationOutcome {
  name: string;
  action: RotationAction;
  reason: string;
  /** ISO expiry of the token the store holds afterwards; null = never (or unknown when failed). */
  expiresAt: string | null;
  /** 0, 3 (invalid: log in) or 8 (due, and only a login renews it). */
  exitCode: number;
  /** --dry-run: the exchange would likely give the same token back (long-lived), so a login may be needed. */
  mayNeedLogin?: boolean;
}

/** A stored token with its secret (undefined when missing) and what debug_token says of it now. */
export interface RotationTarget {
  record: TokenRecord;
  token: string | undefined;
  info: TokenInfo | null;
}

/** What the per-token steps need; built once under the lock by run-rotation.ts. */
export interface RotationEnv {
  graph: GraphClient;
  store: TokenStore;
  appId: string;
  appSecret: string;
  appToken: string;
  now(): number;
  dryRun: boolean;
}

export const COMMAND = 'rotate';

/** 3 before 8 before 0: an invalid token is worse than one that needs a login soon. */
export function worstExitCode(outcomes: readonly RotationOutcome[]): number {
  if (outcomes.some((o) => o.exitCode === ExitCode.tokenInvalid)) return ExitCode.tokenInvalid;
  if (outcomes.some((o) => o.exitCode === ExitCode.loginRequiredSoon)) return ExitCode.loginRequiredSoon;
  return outcomes.find((o) => o.exitCode !== ExitCode.ok)?.exitCode ?? ExitCode.ok;
}

export function outcome(name: string, action: RotationAction, reason: string, expiresAtMs: number | null, exitCode: number = ExitCode.ok): RotationOutcome {
  return { name, action, reason, expiresAt: isoOrNull(expiresAtMs), exitCode };
}

/** "run `fbtok login` before 2027-01-20 12:00 UTC": the earliest of expiry and data-access expiry. */
export function loginBefore(info: Pick<TokenInfo, 'expiresAt' | 'dataAccessExpiresAt'> | null): string {
  const dates = [info?.expiresAt ?? null, info?.dataAccessExpiresAt ?? null].filter((d): d is number => d !== null);
  return dates.length === 0 ? 'run `fbtok login`' : `run \`fbtok login\` before ${formatDate(Math.min(...dates))}`;
}

/** A Graph error about the token itself (190 and friends), as opposed to the network or a rate limit. */
export function isTokenProblem(error: unknown): error is import('../graph/graph-error.js').GraphError {
  return isGraphError(error) && error.kind === 'graph' && isTokenCode(error.graphCode);
}

/** A Graph answer that refused the operation for this token (bad parameter, unsupported), not a systemic failure. */
export function isRefusal(error: unknown): error is import('../graph/graph-error.js').GraphError {
  if (!isGraphError(error) || error.kind !== 'graph' || error.graphCode === null || error.isTransient) return false;
  // Facebook failing (codes 1/2, 5xx, transient) is systemic; any other envelope, known code or not, refused this one.
  return error.exitCode !== ExitCode.rateLimited && !isRetryable(error);
}

/** The JSON shape of `rotate --json`. */
export function jsonView(outcomes: readonly RotationOutcome[]): Array<Pick<RotationOutcome, 'name' | 'action' | 'reason' | 'expiresAt'>> {
  return outcomes.map(({ name, action, reason, expiresAt }) => ({ name, action, reason, expiresAt }));
}
