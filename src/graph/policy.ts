// The client's rules, apart from its plumbing: proofs, what to retry, how long to wait, what to log.
// https://developers.facebook.com/docs/graph-api/overview/rate-limiting
// https://developers.facebook.com/docs/graph-api/securing-requests#appsecret_proof
import { createHmac } from 'node:crypto';
import { redact, REDACTED } from '../util/redact.js';
import { formatSpan } from '../util/duration.js';
import type { GraphError } from './graph-error.js';
import type { UsageFigure } from './types.js';
import { regainAccessMinutes } from './usage.js';

/**
 * Longest rate-limit wait sat out by default (--max-wait, FBTOK_MAX_WAIT): fbtok runs mostly from cron and CI,
 * where a few minutes' wait beats a red job; Business Use Case limits say how long in whole minutes.
 * globals.ts holds the same default as a string (it must not load this module at start-up).
 */
export const DEFAULT_MAX_WAIT_MS = 300_000;
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_MAX_MS = 30_000;
export const USAGE_WARN_PERCENT = 80;
/** Largest Graph answer read: real ones are kilobytes (a 50-item batch of debug_token well under 1 MB). */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * 4xx statuses worth another try even without a Graph envelope: 408 (the request was slow to arrive) and
 * 429 (a proxy's rate limit). Any other 4xx without an envelope (400/413/414/431 HTML from a proxy or a
 * front end) refuses the request itself, and the same request gets the same answer: no retry.
 */
const RETRYABLE_4XX = new Set([408, 429]);

export function isRefusedRequest(status: number): boolean {
  return status >= 400 && status < 500 && !RETRYABLE_4XX.has(status);
}

/** Query keys whose values never reach the log. */
const SECRET_KEYS = new Set([
  'access_token', 'appsecret_proof', 'input_token', 'fb_exchange_token', 'client_secret', 'code', 'code_verifier',
  'revoke_token', 'client_token', 'password', 'after', 'before', '__paging_token',
]);

export function backoffDelayMs(failures: number, random: () => number, baseMs = BACKOFF_BASE_MS): number {
  const base = Math.min(baseMs * 2 ** failures, BACKOFF_MAX_MS);
  return Math.round(base * (0.75 + 0.5 * random()));
}

/** estimated_time_to_regain_access (minutes) as ms, when Facebook gave a positive one. */
export function regainAccessMs(usage: UsageFigure[]): number | undefined {
  const minutes = regainAccessMinutes(usage);
  return minutes !== undefined && minutes > 0 ? Math.round(minutes * 60_000) : undefined;
}

export type RateLimitStep =
  | { action: 'retry'; ms: number } // a short jittered backoff, then one more try
  | { action: 'sit-out'; ms: number } // Facebook's own estimate, within --max-wait
  | { action: 'fail'; waitMs: number | undefined };

export interface RateLimitState {
  /** Facebook's estimate for this answer, when it gave one. */
  estimateMs: number | undefined;
  /** The envelope said is_transient: true. */
  transient: boolean;
  maxWaitMs: number;
  /** This request already had its short retry / sat out an estimate. */
  retried: boolean;
  satOut: boolean;
  /** The short backoff this retry would take (jittered, a few seconds). */
  backoffMs: number;
}

/**
 * What to do about one rate-limit answer (graph-api-facts "Rate-limit headers"). An estimate beyond
 * --max-wait fails at once: more calls only extend the block. An answer marked transient, or one without
 * an estimate, gets one retry after a short backoff; an estimate within --max-wait is sat out once.
 * --max-wait 0 waits for nothing.
 */
export function rateLimitStep(s: RateLimitState): RateLimitStep {
  if (s.maxWaitMs <= 0 || (s.estimateMs !== undefined && s.estimateMs > s.maxWaitMs)) return { action: 'fail', waitMs: s.estimateMs };
  if ((s.transient || s.estimateMs === undefined) && !s.retried) return { action: 'retry', ms: Math.min(s.backoffMs, s.maxWaitMs) };
  if (s.estimateMs !== undefined && !s.satOut) return { action: 'sit-out', ms: s.estimateMs };
  return { action: 'fail', waitMs: s.estimateMs };
}

/** The exit-5 message: how long to wait, as far as anyone knows. */
export function rateLimitMessage(message: string, waitMs: number | undefined, maxWaitMs: number, waited: boolean): string {
  const limited = `${message.replace(/\.$/, '')}. Rate limited`;
  if (waitMs !== undefined && waitMs > maxWaitMs) {
    return `${limited}: wait about ${formatSpan(waitMs)} before trying again (Facebook's estimate, longer than --max-wait ${formatSpan(maxWaitMs)}).`;
  }
  if (waitMs !== undefined) return `${limited} still after waiting: wait about ${formatSpan(waitMs)} before trying again.`;
  const why = maxWaitMs <= 0 ? ' (--max-wait 0: no waiting)' : waited ? ' still after one retry' : '';
  return `${limited}${why}, and Facebook gave no estimate: wait a few minutes before trying again (usage is counted over a rolling hour).`;
}

/** Lowercase hex HMAC-SHA256 of the token keyed by the app secret. */
export function appSecretProof(token: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(token).digest('hex');
}

/** `APP_ID|APP_SECRET` and `APP_ID|CLIENT_TOKEN` take no appsecret_proof; user tokens never hold '|'. */
export function isAppOrClientToken(token: string): boolean {
  return token.includes('|');
}

/**
 * Transport failures, HTML, cut-off JSON, 5xx and codes 1/2/is_transient; never token or permission errors,
 * an oversized body, or a 4xx refusal without an envelope (classifyBody marks those not transient).
 */
export function isRetryable(error: GraphError): boolean {
  if (error.kind === 'rate-limit') return false;
  if (error.kind !== 'graph') return error.isTransient;
  if (error.code === 'APP_SECRET_INVALID') return false;
  if (error.graphCode === 1 || error.graphCode === 2 || error.isTransient) return error.exitCode !== 3 && error.exitCode !== 4;
  return error.status !== null && error.status >= 500 && error.exitCode === 6;
}

/** Path and query for the log, with secret and paging values replaced. */
export function logTarget(url: URL): string {
  const parts: string[] = [];
  for (const [key, value] of url.searchParams) {
    if (key === 'access_token' || key === 'appsecret_proof') continue;
    parts.push(`${key}=${SECRET_KEYS.has(key) ? REDACTED : encodeURIComponent(value).replace(/%2C/g, ',')}`);
  }
  return redact(parts.length ? `${url.pathname}?${parts.join('&')}` : url.pathname);
}
