// One rotation, whole, under the store's lock: re-read the records (a peer may have just rotated them), ask
// debug_token about each (batched), rotate user and system-user tokens, then re-derive the Page tokens that
// depend on the user tokens as they are now. Every write is a verified token, so a kill at any instant
// leaves a store that holds working tokens; Pages left behind are re-derived next time (derivedFrom).
import { appTokenFor } from '../graph/oauth.js';
import type { Context } from '../context.js';
import type { TokenInfo } from '../graph/debug-token.js';
import { debugTokens } from '../graph/debug-token.js';
import type { TokenRecord } from '../store/token-store.js';
import { fingerprint } from '../store/fingerprint.js';
import { ExitCode } from '../errors.js';
import { tokenNotFound } from '../tokens/token-errors.js';
import { requireAppId, requireAppSecret } from '../tokens/app-credentials.js';
import { invalidated } from '../tokens/check-tokens.js';
import { kindOf, planToken, sourceRecordFor, type PageSource, type Step } from './plan.js';
import { COMMAND, loginBefore, outcome, type RotationEnv, type RotationOutcome, type RotationTarget } from './outcome.js';
import { rotateUserToken } from './rotate-user.js';
import { rotateSystemUserToken } from './rotate-system-user.js';
import { rederivePages, type PageDerivation } from './rotate-pages.js';

export interface RotationOptions {
  /** Empty: every token of the profile. */
  names: string[];
  withinMs: number;
  dryRun: boolean;
  /** Refresh the named non-expiring (or not yet due) system-user tokens too. */
  force: boolean;
}

export async function runRotation(opts: RotationOptions, ctx: Context): Promise<RotationOutcome[]> {
  // An empty profile has nothing to rotate, whatever its app settings (a cron job set up before the login).
  if (opts.names.length === 0 && (await (await ctx.store()).list()).length === 0) return [];
  const [appId, appSecret] = await Promise.all([requireAppId(ctx), requireAppSecret(ctx)]);
  const [store, graph] = await Promise.all([ctx.store(), ctx.graph()]);
  const env: RotationEnv = { graph, store, appId, appSecret, appToken: appTokenFor(appId, appSecret), now: () => ctx.clock.now(), dryRun: opts.dryRun };
  // A dry run writes nothing, so it need not wait for a rotation in progress.
  return opts.dryRun ? rotateAll(env, opts) : store.withLock(() => rotateAll(env, opts));
}

async function rotateAll(env: RotationEnv, opts: RotationOptions): Promise<RotationOutcome[]> {
  const records = await env.store.list();
  const selected = select(records, opts.names);
  const sources = selected.filter((r) => kindOf(r, null) === 'page').map((r) => sourceRecordFor(r, records));
  const current = await loadTargets(env, unique([...selected, ...sources.filter((s): s is TokenRecord => s !== null)]));
  const outcomes = new Map<string, RotationOutcome>();
  const pages: RotationTarget[] = [];
  for (const record of selected) {
    const target = current.get(record.name)!;
    if (kindOf(record, target.info) === 'page') {
      pages.push(target);
      continue;
    }
    const forced = opts.force && opts.names.includes(record.name);
    const step = planToken({ record, info: target.info, nowMs: env.now(), withinMs: opts.withinMs, forced });
    const result = await runStep(env, target, step);
    outcomes.set(record.name, result.outcome);
    if (result.replaced) current.set(record.name, { record, ...result.replaced });
  }
  for (const o of await rotatePages(env, opts, pages, records, current)) outcomes.set(o.name, o);
  const ordered = selected.map((r) => outcomes.get(r.name)!);
  if (!env.dryRun) {
    await markInvalid(env, ordered, current);
    // Invalid tokens are already on record (marked above); record what only a login can renew.
    const failed = ordered.filter((o) => o.action === 'failed' && o.exitCode === ExitCode.loginRequiredSoon);
    if (failed.length) await env.store.recordOutcomes(failed.map((o) => ({ name: o.name, outcome: `failed: ${o.reason}`, expiresAt: o.expiresAt })), { command: COMMAND });
  }
  return ordered;
}

async function rotatePages(
  env: RotationEnv,
  opts: RotationOptions,
  pages: RotationTarget[],
  records: TokenRecord[],
  current: Map<string, RotationTarget>,
): Promise<RotationOutcome[]> {
  const out: RotationOutcome[] = [];
  const jobs = new Map<string, PageDerivation[]>();
  for (const target of pages) {
    const sourceName = sourceRecordFor(target.record, records)?.name;
    const source = sourceName ? current.get(sourceName) : undefined;
    const pageSource: PageSource | null = source?.token ? { name: source.record.name, fingerprint: fingerprint(source.token), valid: source.info?.valid === true } : null;
    const step = planToken({ record: target.record, info: target.info, nowMs: env.now(), withinMs: opts.withinMs, source: pageSource });
    if (step.kind === 'derive' && source && target.token && target.info) {
      const list = jobs.get(source.record.name) ?? [];
      list.push({ target: target as PageDerivation['target'], reason: step.reason });
      jobs.set(source.record.name, list);
    } else {
      out.push(settled(target, step));
    }
  }
  for (const [name, list] of jobs) {
    const source = current.get(name)!;
    out.push(...(await rederivePages(env, { name, token: source.token!, info: source.info! }, list)));
  }
  return out;
}

async function runStep(env: RotationEnv, target: RotationTarget, step: Step) {
  if (target.token && target.info) {
    const ready = target as RotationTarget & { token: string; info: TokenInfo };
    if (step.kind === 'exchange') return rotateUserToken(env, ready, step.reason);
    if (step.kind === 'refresh') return rotateSystemUserToken(env, ready, step);
  }
  return { outcome: settled(target, step), replaced: undefined };
}

/** The outcome of a step that needs no Graph write: skip, login needed (8), invalid (3). */
function settled(target: RotationTarget, step: Step): RotationOutcome {
  const { record, info } = target;
  const expiresAt = info?.valid ? info.expiresAt : null;
  switch (step.kind) {
    case 'skip':
      return outcome(record.name, 'skipped', step.reason, expiresAt);
    case 'login':
      return outcome(record.name, 'failed', `${step.reason}: ${loginBefore({ expiresAt: step.before, dataAccessExpiresAt: null })}`, expiresAt, ExitCode.loginRequiredSoon);
    case 'invalid': {
      const fix = kindOf(record, info) === 'system-user' ? 'generate a new one in Business Manager and `fbtok token import`' : 'run `fbtok login`';
      return outcome(record.name, 'failed', `${step.reason}: ${fix}`, null, ExitCode.tokenInvalid);
    }
    default:
      return outcome(record.name, 'failed', `${step.reason}: cannot be done for this token`, expiresAt, ExitCode.loginRequiredSoon);
  }
}

function select(records: TokenRecord[], names: string[]): TokenRecord[] {
  if (names.length === 0) return records;
  const missing = names.filter((n) => !records.some((r) => r.name === n));
  if (missing.length > 0) {
    throw tokenNotFound(`${missing.map((n) => `"${n}"`).join(', ')} in this profile`, missing[0]);
  }
  return unique(names.map((n) => records.find((r) => r.name === n)!));
}

/** Secrets, then one batched debug_token for all of them. */
async function loadTargets(env: RotationEnv, records: TokenRecord[]): Promise<Map<string, RotationTarget>> {
  const secrets = await env.store.getSecrets(records.map((r) => r.name));
  const present = records.filter((r) => secrets.has(r.name));
  const infos = present.length === 0 ? [] : await debugTokens(env.graph, { appToken: env.appToken, inputTokens: present.map((r) => secrets.get(r.name)!) });
  const byName = new Map(present.map((r, i) => [r.name, infos[i]]));
  return new Map(records.map((r) => [r.name, { record: r, token: secrets.get(r.name), info: byName.get(r.name) ?? null }]));
}

/** Metadata only: records Facebook now calls invalid are marked so `status` shows it without a network call. */
async function markInvalid(env: RotationEnv, outcomes: RotationOutcome[], current: Map<string, RotationTarget>): Promise<void> {
  const now = env.now();
  const marks = outcomes
    .filter((o) => o.exitCode === ExitCode.tokenInvalid)
    .map((o) => current.get(o.name)!)
    .filter((t) => t.info && !t.info.valid && !t.record.invalid)
    .map((t) => invalidated(t.record, t.info!, now));
  if (marks.length > 0) await env.store.updateRecords(marks, { command: COMMAND });
}

function unique(records: TokenRecord[]): TokenRecord[] {
  return [...new Map(records.map((r) => [r.name, r])).values()];
}
