import type { Command } from 'commander';
import type { Context } from '../context.js';
import { printJson, withExamples, type AppHandle } from './command-kit.js';
import { ExitCode, UsageError } from '../errors.js';
import { readAuditLog, type AuditEntry } from '../store/audit-log.js';
import { printTable } from '../io/table.js';

export interface LogOptions {
  /** Only the last n entries. */
  limit?: number;
}

export function registerLog(program: Command, app: AppHandle): void {
  const command = program.command('log');
  command.option('--limit <n>', 'show only the last n entries');
  withExamples(command, ['fbtok log', 'fbtok log --limit 20', 'fbtok log --json']);
  command.action(async (flags: Record<string, unknown>) => app.run((ctx) => runLog(parseLogFlags(flags), ctx)));
}

export function parseLogFlags(flags: Record<string, unknown>): LogOptions {
  if (flags.limit === undefined) return {};
  const limit = Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`Invalid --limit "${String(flags.limit).slice(0, 20)}".`, 'Give a whole number of entries, e.g. --limit 20.');
  return { limit };
}

/** The profile's entries, oldest first (fingerprints and dates only: the log never holds a secret). */
export async function runLog(opts: LogOptions, ctx: Context): Promise<number> {
  const all = (await readAuditLog(ctx.paths.stateDir)).filter((e) => e.profile === undefined || e.profile === ctx.globals.profile);
  const entries = opts.limit === undefined ? all : all.slice(-opts.limit);
  if (ctx.globals.json) printJson(ctx, entries);
  if (entries.length === 0) {
    ctx.io.err(`The audit log of profile "${ctx.globals.profile}" is empty: nothing has been stored yet.`);
    return ExitCode.ok;
  }
  if (!ctx.globals.json) {
    const notes = entries.some((e) => noteOf(e) !== '');
    printTable(
      ctx.io.out,
      ['time', 'command', 'name', 'action', 'fingerprint', 'expires', ...(notes ? ['note'] : [])],
      entries.map((e) => [e.time.replace(/\.\d+Z$/, 'Z'), text(e.command), text(e.name), actionOf(e), fingerprints(e), expiryOf(e), ...(notes ? [noteOf(e)] : [])]),
      { width: ctx.io.columns },
    );
  }
  return ExitCode.ok;
}

/** A failed rotation's outcome carries its reason ("failed: ..."): the reason goes to the last column. */
function splitOutcome(e: AuditEntry): [outcome: string, note: string] {
  const outcome = text(e.outcome);
  const colon = outcome.indexOf(': ');
  return colon < 0 ? [outcome, ''] : [outcome.slice(0, colon), outcome.slice(colon + 2)];
}

function actionOf(e: AuditEntry): string {
  const [outcome] = splitOutcome(e);
  return outcome ? `${e.action}:${outcome}` : e.action;
}

function noteOf(e: AuditEntry): string {
  return splitOutcome(e)[1];
}

/** A field of an entry fbtok did not write may be of any type: shown only when it is text. */
function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** "old → new", or the one that exists. */
function fingerprints(e: AuditEntry): string {
  const [old, now] = [text(e.oldFingerprint), text(e.newFingerprint)];
  if (old && now && old !== now) return `${old} -> ${now}`;
  return now || old || '-';
}

function expiryOf(e: AuditEntry): string {
  // A later release's entry may hold anything here: only a string is a date, null is "never".
  const when = (iso: unknown) => (iso === null ? 'never' : typeof iso === 'string' ? iso.replace(/\.\d+Z$/, 'Z') : '-');
  if (e.action === 'delete' || e.action === 'set-app-secret' || e.action === 'hook') return '-';
  if (e.outcome === 'replaced' && e.previousExpiresAt !== e.expiresAt) return `${when(e.previousExpiresAt)} -> ${when(e.expiresAt)}`;
  return when(e.expiresAt);
}
