// Each stored token: valid, type, time left, data-access expiry, app. One batched debug_token for all of them
// (50 per request); offline, the records' own dates are judged instead.
// https://developers.facebook.com/docs/graph-api/reference/debug_token
import type { GraphClient } from '../graph/types.js';
import { debugTokens, type TokenInfo } from '../graph/debug-token.js';
import { remedyFor } from '../graph/remedies.js';
import type { TokenRecord, TokenStore } from '../store/token-store.js';
import { msOrNull } from '../tokens/token-record.js';
import { ExitCode } from '../errors.js';
import { formatTimeLeft } from '../util/duration.js';
import { fail, failFromError, ok, warn, type Finding } from './finding.js';

const DAY_MS = 86_400_000;
/** A token (or its data access) ending within this is a failure (exit 8): renew it now. */
export const EXPIRY_FAIL_MS = 3 * DAY_MS;
/** ... within this, a warning: renew it soon (`fbtok rotate` from cron does it). */
export const EXPIRY_WARN_MS = 14 * DAY_MS;

export interface TokenCheckOptions {
  store: TokenStore;
  records: TokenRecord[];
  nowMs: number;
  /** The configured app id: tokens of another app are flagged. */
  appId?: string;
  /** Both set: check online. Otherwise `offlineReason` says why not. */
  graph?: GraphClient;
  appToken?: string;
  offlineReason?: string;
}

export interface TokenCheckResult {
  findings: Finding[];
  /** What debug_token said, by record name (empty offline). */
  live: Map<string, TokenInfo>;
  /** The secrets read, by record name (for the Messenger checks' Page calls). */
  secrets: Map<string, string>;
  /** Tokens found unusable (not valid, expired, secret missing), by record name: why, for the checks that need them. */
  unusable: Map<string, string>;
}

/** The facts one verdict needs, from debug_token or from the record. */
interface TokenFacts {
  valid: boolean;
  type: string;
  appId: string | null;
  expiresAt: number | null;
  dataAccessExpiresAt: number | null;
  error: { code: number | null; subcode: number | null; message: string } | null;
}

export async function checkTokens(opts: TokenCheckOptions): Promise<TokenCheckResult> {
  const live = new Map<string, TokenInfo>();
  const unusable = new Map<string, string>();
  const empty = { live, secrets: new Map<string, string>(), unusable };
  if (opts.records.length === 0) {
    return { ...empty, findings: [warn('tokens', 'no tokens stored', 'Run `fbtok login`, then `fbtok page-tokens` for the Pages a bot answers on.')] };
  }
  let secrets: Map<string, string>;
  try {
    secrets = await opts.store.getSecrets(opts.records.map((r) => r.name));
  } catch (error) {
    return { ...empty, findings: [failFromError('tokens', 'The tokens cannot be read from the store', error)] };
  }
  const findings: Finding[] = [];
  const present = opts.records.filter((r) => secrets.has(r.name));
  for (const r of opts.records.filter((r) => !secrets.has(r.name))) {
    unusable.set(r.name, `has no secret in the ${opts.store.kind} store`);
    findings.push(fail(`token ${r.name}`, `the record is there but its secret is missing from the ${opts.store.kind} store`, `Get it again (\`fbtok login\` or \`fbtok page-tokens\`), or drop the record: \`fbtok token delete ${r.name}\`.`, ExitCode.storeUnavailable));
  }
  let offlineReason = opts.offlineReason;
  if (opts.graph && opts.appToken && present.length > 0) {
    try {
      const infos = await debugTokens(opts.graph, { appToken: opts.appToken, inputTokens: present.map((r) => secrets.get(r.name)!) });
      present.forEach((r, i) => live.set(r.name, infos[i]));
    } catch (error) {
      findings.push(failFromError('tokens', 'debug_token failed', error));
      offlineReason = 'debug_token failed';
    }
  }
  for (const r of present) {
    const info = live.get(r.name);
    const facts = info ? factsOfInfo(info, r) : factsOfRecord(r, opts.nowMs);
    if (!facts.valid) unusable.set(r.name, 'is not valid');
    findings.push(...judge(r, facts, opts, info ? undefined : offlineReason ?? 'not checked online'));
  }
  return { findings, live, secrets, unusable };
}

function factsOfInfo(info: TokenInfo, r: TokenRecord): TokenFacts {
  return { valid: info.valid, type: info.type ?? r.type, appId: info.appId, expiresAt: info.expiresAt, dataAccessExpiresAt: info.dataAccessExpiresAt, error: info.error };
}

function factsOfRecord(r: TokenRecord, nowMs: number): TokenFacts {
  const expiresAt = msOrNull(r.expiresAt);
  const expired = expiresAt !== null && expiresAt <= nowMs;
  const error = r.invalid ?? (expired ? { code: 190, subcode: 463, message: 'The token has expired.' } : null);
  return { valid: error === null, type: r.type, appId: r.appId, expiresAt, dataAccessExpiresAt: msOrNull(r.dataAccessExpiresAt), error };
}

function judge(r: TokenRecord, facts: TokenFacts, opts: TokenCheckOptions, offline: string | undefined): Finding[] {
  const check = `token ${r.name}`;
  const note = offline ? ` (from the record; ${offline})` : '';
  if (!facts.valid) {
    const e = facts.error;
    const codes = e?.code == null ? '' : e.subcode == null ? ` [code ${e.code}]` : ` [code ${e.code}/${e.subcode}]`;
    return [fail(check, `${facts.type} token is not valid: ${e?.message ?? 'Facebook says so'}${codes}${note}`, remedyFor(e?.code ?? 190, e?.subcode ?? null), ExitCode.tokenInvalid)];
  }
  const out: Finding[] = [];
  const ends = [
    { what: 'expires', at: facts.expiresAt },
    { what: 'loses data access', at: facts.dataAccessExpiresAt },
  ].filter((x): x is { what: string; at: number } => x.at !== null);
  const first = ends.sort((a, b) => a.at - b.at)[0];
  const summary = `${facts.type} token, expires ${describe(facts.expiresAt, opts.nowMs)}, data access ${describe(facts.dataAccessExpiresAt, opts.nowMs)}${note}`;
  const left = first ? first.at - opts.nowMs : Infinity;
  if (left <= EXPIRY_FAIL_MS) out.push(fail(check, `${first.what} ${left <= 0 ? formatTimeLeft(first.at, opts.nowMs) : `in ${formatTimeLeft(first.at, opts.nowMs)}`}: ${summary}`, renewRemedy(facts.type), ExitCode.loginRequiredSoon));
  else if (left <= EXPIRY_WARN_MS) out.push(warn(check, `${first.what} in ${formatTimeLeft(first.at, opts.nowMs)}: ${summary}`, renewRemedy(facts.type)));
  else out.push(ok(check, `valid ${summary}`));
  if (opts.appId && facts.appId && facts.appId !== opts.appId) {
    out.push(warn(check, `belongs to app ${facts.appId}, not the configured app ${opts.appId}: calls signed with this profile's app secret fail`, `Use a profile for that app (--profile), or get the token again through app ${opts.appId}.`));
  }
  return out;
}

function describe(at: number | null, nowMs: number): string {
  return at === null ? 'never' : at <= nowMs ? formatTimeLeft(at, nowMs) : `in ${formatTimeLeft(at, nowMs)}`;
}

function renewRemedy(type: string): string {
  if (type === 'PAGE') return 'Renew the user token (`fbtok login`), then `fbtok page-tokens`; `fbtok rotate` from cron keeps them fresh.';
  if (type === 'SYSTEM_USER') return 'Renew it with `fbtok rotate` (or generate a new one in Business Settings).';
  return 'Run `fbtok login` for a fresh token (exchanging a long-lived token does not extend it); then `fbtok rotate` from cron.';
}
