// `status --format openmetrics` and `status --textfile DIR`: the token figures for Prometheus, on stdout or
// as DIR/fbtok.prom (atomic, for node_exporter's textfile collector).
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Context } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { checkStoredTokens } from '../tokens/check-tokens.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { loadUsage } from '../usage/usage-state.js';
import { renderExposition } from './exposition.js';
import { tokenFamilies } from './token-metrics.js';

export interface StatusMetricsOptions {
  check: boolean;
  /** Print the exposition on stdout. */
  print: boolean;
  textfile?: string;
}

export const TEXTFILE_NAME = 'fbtok.prom';

export function parseMetricsFlags(flags: Record<string, unknown>, json: boolean): StatusMetricsOptions | undefined {
  const format = flags.format === undefined ? undefined : String(flags.format);
  const textfile = flags.textfile === undefined ? undefined : String(flags.textfile);
  if (format === undefined && textfile === undefined) return undefined;
  if (format !== undefined && format !== 'openmetrics' && format !== 'table') {
    throw new UsageError(`Unknown status format "${format.slice(0, 20)}".`, 'Use --format openmetrics (or leave it out for the table).');
  }
  if (format === 'openmetrics' && json) throw new UsageError('--json and --format openmetrics ask for two outputs.', 'Choose one of them.');
  if (format === 'table' && textfile === undefined) return undefined;
  if (flags.failWithin !== undefined) throw new UsageError('--fail-within goes with the table, not with metrics.', 'Alert on fbtok_token_expiry_timestamp_seconds instead (examples/prometheus/fbtok-alerts.yml).');
  return { check: Boolean(flags.check), print: format === 'openmetrics', textfile };
}

export async function runStatusMetrics(opts: StatusMetricsOptions, ctx: Context): Promise<number> {
  if (opts.textfile !== undefined && !(await stat(opts.textfile).then((s) => s.isDirectory(), () => false))) {
    throw new UsageError(`--textfile ${JSON.stringify(opts.textfile)} is not a directory.`, "Give node_exporter's --collector.textfile.directory, e.g. /var/lib/prometheus/node-exporter.", 'TEXTFILE_DIR');
  }
  const store = await ctx.store();
  const records = await store.list();
  let valid: Map<string, boolean> | undefined;
  let checkError: unknown;
  const lastCheckFile = join(ctx.paths.stateDir, 'last-check');
  let lastCheckMs = await readFile(lastCheckFile, 'utf8').then((t) => Date.parse(t.trim()), () => NaN);
  if (opts.check) {
    try {
      const { checked, missing } = await checkStoredTokens(ctx, store, records, 'status --check');
      // A token the store has lost is as unusable to the bot as a dead one.
      valid = new Map([...checked.map((c) => [c.record.name, c.info.valid] as const), ...missing.map((r) => [r.name, false] as const)]);
      lastCheckMs = ctx.clock.now();
      await writeFileAtomic(lastCheckFile, `${new Date(lastCheckMs).toISOString()}\n`, 0o600);
    } catch (error) {
      checkError = error; // the figures still go out without fbtok_token_valid; the failure is reported after
    }
  }
  const usage = await loadUsage(ctx.paths.stateDir);
  // The check's own answers carry usage headers too: the highest one seen counts with `fbtok usage`'s figures.
  const seen = valid ? (await ctx.graph()).stats.maxUsage : undefined;
  const entries = [...(usage?.entries ?? []), ...(seen ? [{ header: seen.header, token: '(status --check)', callCount: seen.percent, totalCputime: null, totalTime: null }] : [])];
  const text = renderExposition(
    tokenFamilies({ profile: ctx.globals.profile, store: store.kind, records: await store.list(), valid, lastCheckMs: Number.isFinite(lastCheckMs) ? lastCheckMs : undefined, usage: { at: usage?.at ?? '', entries } }),
  );
  if (opts.print) ctx.io.stdout.write(text);
  if (opts.textfile !== undefined) {
    const file = join(opts.textfile, TEXTFILE_NAME);
    // Readable by node_exporter's user: the file holds no secret.
    await writeFileAtomic(file, text, 0o644);
    if (ctx.globals.json) ctx.io.out(JSON.stringify({ textfile: file }, null, 2));
    else ctx.io.err(`Wrote ${file}.`);
  }
  if (checkError !== undefined) throw checkError;
  return valid && [...valid.values()].includes(false) ? ExitCode.tokenInvalid : ExitCode.ok;
}
