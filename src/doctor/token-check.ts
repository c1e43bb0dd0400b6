// Each stored token: valid, type, time left, data-access expiry, app. One batched debug_token for all of them
// (50 per request); offline, the records' own dates are judged instead.
// https://developers.facebook.com/docs/graph-api/reference/debug_token
import type { GraphClient } from '../graph/types.js';
import { debugTokens, type TokenInfo } from '../graph/debug-token.js';
import { remedyFor } from '../graph/remedies.js';
import type { SecretCheck, TokenRecord, TokenStore } from '../store/token-store.js';
import { repairMismatch } from '../tokens/check-tokens.js';
import { obtainAgain, vaultLabel } from '../tokens/token-errors.js';
import { msOrNull } from '../tokens/token-record.js';
import { ExitCode } from '../errors.js';
import { formatTimeLeft } from '../util/duration.js';
import { fail, failFromError, ok, skip, warn, type Finding } from './finding.js';

const DAY_MS = 86_400_000;
/** A token (or its data access) ending within this is a failure (exit 8): renew it now. */
export const EXPIRY_FAIL_MS = 3 * DAY_MS;
/** ... within this, a warning: renew it soon (`fbtok rotate` from cron does it). */
export const EXPIRY_WARN_MS = 14 * DAY_MS;

export interface TokenCheckOptions {
  store: Pick<TokenStore, 'kind'>;
  /** One search of the vault for every indexed secret (store.checkSecrets()), made by the store check. */
  vault: SecretCheck;
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
  /** The batched debug_token, signed with the app token, was answered: evidence the app credentials work. */
  checkedOnline: boolean;
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
  const { records, secrets, missing, mismatched } = opts.vault;
  const live = new Map<string, TokenInfo>();
  const unusable = new Map<string, string>();
  if (records.length === 0) {
    return { live, secrets, unusable, checkedOnline: false, findings: [warn('tokens', 'no tokens stored', 'Run `fbtok login`, then `fbtok page-tokens` for the Pages a bot answers on.')] };
  }
  const findings: Finding[] = [];
  const where = vaultLabel(opts.store.kind);
  for (const r of missing) {
    unusable.set(r.name, `has no entry in the ${where}`);
    findings.push(fail(`token ${r.name}`, `the index lists ${r.name} but the ${where} has no entry for it`, `Get it again with ${obtainAgain(r.name)}, or drop the record: \`fbtok token delete ${r.name}\`.`, ExitCode.storeUnavailable));
  }
  for (const r of mismatched) {
    findings.push(warn(`token ${r.name}`, `the ${where} holds another secret than the index records (fingerprint ${r.fingerprint}): its expiry and scopes below are Facebook's for the secret held`, repairMismatch(r.name).replace(/^r/, 'R')));
  }
  const present = records.filter((r) => secrets.has(r.name));
  let offlineReason = opts.offlineReason;
  let checkedOnline = false;
  if (opts.graph && opts.appToken && present.length > 0) {
    try {
      const infos = await debugTokens(opts.graph, { appToken: opts.appToken, inputTokens: present.map((r) => secrets.get(r.name)!) });
      present.forEach((r, i) => live.set(r.name, infos[i]));
      checkedOnline = true;
    } catch (error) {
      findings.push(failFromError('tokens', 'debug_token failed', error));
      offlineReason = `debug_token failed (${(error as Error).message})`;
    }
  }
  for (const r of present) {
    const info = live.get(r.name);
    const facts = info ? factsOfInfo(info, r) : factsOfRecord(r, opts.nowMs);
    if (!facts.valid) unusable.set(r.name, info ? 'is not valid' : 'is marked invalid in its record');
    findings.push(...judge(r, facts, opts, info ? undefined : offlineReason ?? 'not checked online'));
  }
  return { findings, live, secrets, unusable, checkedOnline };
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
  // Not checked online: the record cannot vouch for a token Facebook may have revoked since.
  else if (offline) out.push(skip(check, `not checked: ${offline}; the record says ${summary.replace(note, '')}`));
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
