import type { Command } from 'commander';
import type { Context } from '../context.js';
import { printJson, withExamples, type AppHandle } from './command-kit.js';
import { ExitCode } from '../errors.js';
import { parseDuration } from '../util/duration.js';
import { checkStoredTokens, contradictionLines } from '../tokens/check-tokens.js';
import { explainEmptyIndex } from '../tokens/empty-index.js';
import { isoOrNull, msOrNull } from '../tokens/token-record.js';
import { timeLeftOf } from '../tokens/lifetime.js';
import { printTable, summarizeList } from '../io/table.js';
import { subjectOf } from './token.js';
import { stateOf } from '../tokens/token-get.js';
import { envOverrides } from '../config/env-overrides.js';
import { validityOf, type Validity } from '../tokens/json-vocabulary.js';
import type { TokenRecord } from '../store/token-store.js';
import { sanitizeName } from '../io/sanitize.js';
import { parseMetricsFlags, runStatusMetrics } from '../metrics/status-metrics.js';

export interface StatusOptions {
  /** Validate online with batched debug_token. */
  check: boolean;
  /** --fail-within: exit 8 when a token expires (or loses data access) within this many ms; 3 when one is dead already. */
  failWithinMs?: number;
}

export interface TokenStatus {
  name: string;
  type: string;
  subjectId: string | null;
  subjectName: string | null;
  scopes: string[];
  expiresAt: string | null;
  dataAccessExpiresAt: string | null;
  /** ok / expired / invalid from the index; with --check, what Facebook said just now. */
  state: 'ok' | 'expired' | 'invalid' | 'missing';
  checked: boolean;
  /** Deprecated: `valid` and `error` say the same in every command's vocabulary. */
  invalid: TokenRecord['invalid'] | null;
  valid: boolean;
  error: Validity['error'];
}

export function registerStatus(program: Command, app: AppHandle): void {
  const command = program.command('status');
  command.option('--check', 'validate online (batched debug_token); exit 3 when one is invalid');
  command.option('--fail-within <duration>', 'exit 8 when any token expires within this window, e.g. 14d (3 when one is dead already)');
  command.option('--format <format>', 'openmetrics: the Prometheus text exposition on stdout');
  command.option('--textfile <dir>', "write DIR/fbtok.prom atomically, for node_exporter's textfile collector");
  withExamples(command, ['fbtok status', 'fbtok status --fail-within 14d', 'fbtok status --check --json', 'fbtok status --check --textfile /var/lib/prometheus/node-exporter']);
  command.action(async (flags: Record<string, unknown>) =>
    app.run(async (ctx) => {
      const metrics = parseMetricsFlags(flags, ctx.globals.json);
      return metrics ? runStatusMetrics(metrics, ctx) : runStatus(parseStatusFlags(flags), ctx);
    }),
  );
}

export function parseStatusFlags(flags: Record<string, unknown>): StatusOptions {
  const failWithin = flags.failWithin as string | undefined;
  return { check: Boolean(flags.check), failWithinMs: failWithin === undefined ? undefined : parseDuration(failWithin, '--fail-within') };
}

/** Offline by default: reads the index (list()) only. */
export async function runStatus(opts: StatusOptions, ctx: Context): Promise<number> {
  const store = await ctx.store();
  const records = await store.list();
  const now = ctx.clock.now();
  if (records.length === 0) await explainEmptyIndex(ctx, store);
  let tokens = records.map((r) => statusOf(r, now));
  let contradictions: string[] = [];
  if (opts.check) {
    const { checked, missing, mismatched } = await checkStoredTokens(ctx, store, records, 'status --check');
    contradictions = contradictionLines({ missing, mismatched }, store.kind);
    tokens = tokens.map((t) => {
      if (missing.some((m) => m.name === t.name)) return { ...t, state: 'missing' as const, checked: true };
      const c = checked.find((x) => x.record.name === t.name);
      if (!c) return t;
      const live = { ...statusOf(c.record, now), expiresAt: isoOrNull(c.info.expiresAt), dataAccessExpiresAt: isoOrNull(c.info.dataAccessExpiresAt), checked: true };
      const asChecked = { ...c.record, invalid: undefined, expiresAt: live.expiresAt };
      if (!c.info.valid) {
        const e = c.info.error;
        return { ...live, state: 'invalid' as const, valid: false, error: { code: e?.code ?? null, subcode: e?.subcode ?? null, message: e?.message ?? 'Facebook says the token is not valid.' } };
      }
      return { ...live, state: stateOf(asChecked, now), ...validityOf(asChecked, now) };
    });
  }
  const overrides = envOverrides(ctx.env);
  const due = opts.failWithinMs === undefined ? [] : tokens.filter((t) => isDue(t, now + opts.failWithinMs!));
  // Before the table, in one line: what the shell sets wins over what is stored (details in --json).
  if (overrides.length > 0) ctx.io.err(`Set in the environment, over what is stored: ${overrides.map((o) => o.variable).join(', ')}.`);
  if (ctx.globals.json) {
    printJson(ctx, { profile: ctx.globals.profile, store: { kind: store.kind, location: store.location }, checked: opts.check, tokens, due: due.map((t) => t.name), overrides });
  } else printHuman(ctx, store, tokens, now);
  if (tokens.length === 0) ctx.io.err('No tokens yet. Get one with `fbtok login` (or `fbtok token import --token-stdin`).');
  for (const line of contradictions) ctx.io.warn(line);
  for (const t of due) {
    const left = timeLeftOf(firstExpiry(t), now);
    const why = t.state !== 'ok' ? `is ${t.state}` : left.startsWith('expired') ? `has lost data access (${left})` : `runs out in ${left}`;
    ctx.io.warn(`"${sanitizeName(t.name)}" ${why}: ${remedyFor(t)}`);
  }
  // The index lists a token the vault does not hold: the store contradicts itself (exit 7), whatever else.
  if (tokens.some((t) => t.state === 'missing')) return ExitCode.storeUnavailable;
  // A token that no longer works is exit 3 (only a login helps), ahead of one that is merely due (8).
  const dead = tokens.some((t) => t.state === 'invalid' || (t.state === 'expired' && due.includes(t)));
  if (dead && (opts.check || due.length > 0)) return ExitCode.tokenInvalid;
  if (due.length > 0) return ExitCode.loginRequiredSoon;
  return ExitCode.ok;
}

function statusOf(r: TokenRecord, now: number): TokenStatus {
  return {
    name: r.name,
    type: r.type,
    subjectId: r.subjectId,
    subjectName: r.subjectName,
    scopes: r.scopes,
    expiresAt: r.expiresAt,
    dataAccessExpiresAt: r.dataAccessExpiresAt,
    state: stateOf(r, now),
    checked: false,
    invalid: r.invalid ?? null,
    ...validityOf(r, now),
  };
}

/** Dead already, or the token or its data access ends before `deadline`. */
function isDue(t: TokenStatus, deadline: number): boolean {
  if (t.state === 'missing') return false;
  if (t.state !== 'ok') return true;
  const end = msOrNull(firstExpiry(t));
  return end !== null && end <= deadline;
}

function firstExpiry(t: TokenStatus): string | null {
  const ends = [t.expiresAt, t.dataAccessExpiresAt].filter((x): x is string => x !== null);
  return ends.sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;
}

function remedyFor(t: TokenStatus): string {
  if (t.type === 'PAGE') return 'renew the user token (`fbtok login`), then `fbtok page-tokens`.';
  if (t.type === 'SYSTEM_USER') return 'renew it with `fbtok rotate` (or generate a new one in Business Settings).';
  return 'run `fbtok login` for a fresh token (`fbtok exchange-long-lived` only helps short-lived tokens).';
}

function printHuman(ctx: Context, store: { kind: string; location: string }, tokens: TokenStatus[], now: number): void {
  ctx.io.out(`Profile "${ctx.globals.profile}": ${store.kind} store (${store.location})`);
  if (tokens.length === 0) return;
  ctx.io.out('');
  printTable(
    ctx.io.out,
    ['name', 'type', 'subject', 'expires', 'data access', 'state', 'scopes'],
    tokens.map((t) => [t.name, t.type, subjectOf(t), timeLeftOf(t.expiresAt, now), t.dataAccessExpiresAt ? timeLeftOf(t.dataAccessExpiresAt, now) : 'never', t.checked ? `${t.state} (checked)` : t.state, t.scopes.join(',')]),
    { width: ctx.io.columns, shorten: { 6: summarizeList } },
  );
}
