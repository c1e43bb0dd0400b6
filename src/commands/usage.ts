import type { Command } from 'commander';
import type { Context } from '../context.js';
import { printJson, withExamples, type AppHandle } from './command-kit.js';
import { ExitCode, UsageError } from '../errors.js';
import { printTable } from '../io/table.js';
import { collectUsage, type UsageOptions } from '../usage/run-usage.js';
import { percentOf } from '../usage/usage-state.js';

export function registerUsage(program: Command, app: AppHandle): void {
  const command = program.command('usage');
  command.option('--fail-above <percent>', 'exit 12 when any usage figure is above this percentage, e.g. 80');
  withExamples(command, ['fbtok usage', 'fbtok usage --json', 'fbtok usage --fail-above 80']);
  command.action(async (flags: Record<string, unknown>) => app.run((ctx) => runUsage(parseUsageFlags(flags), ctx)));
}

export function parseUsageFlags(flags: Record<string, unknown>): UsageOptions {
  if (flags.failAbove === undefined) return {};
  const text = String(flags.failAbove).replace(/%$/, '');
  const failAbove = Number(text);
  if (text.trim() === '' || !Number.isFinite(failAbove) || failAbove < 0 || failAbove > 100) {
    throw new UsageError(`Invalid --fail-above "${String(flags.failAbove).slice(0, 20)}".`, 'Give a percentage from 0 to 100, e.g. --fail-above 80.');
  }
  return { failAbove };
}

export async function runUsage(opts: UsageOptions, ctx: Context): Promise<number> {
  const report = await collectUsage(opts, ctx);
  if (ctx.globals.json) printJson(ctx, report);
  else if (report.entries.length > 0) {
    const cell = (n: number | null | undefined) => (n === null || n === undefined ? '-' : `${n}%`);
    printTable(
      ctx.io.out,
      ['header', 'token', 'object', 'type', 'calls', 'cpu time', 'total time', 'regain access'],
      report.entries.map((e) => [e.header, e.token, e.object ?? '-', e.type ?? '-', cell(e.callCount), cell(e.totalCputime), cell(e.totalTime), e.regainMinutes ? `${e.regainMinutes} min` : '-']),
    );
  }
  for (const f of report.failures) ctx.io.warn(`The usage call for "${f.token}" failed: ${f.message}`);
  if (report.entries.length === 0) ctx.io.err('No usage figures: Facebook sends them only once the app has made enough calls (or no tokens are stored).');
  if (report.above.length > 0) {
    const worst = report.above.reduce((a, b) => (percentOf(b) > percentOf(a) ? b : a));
    ctx.io.err(ctx.io.style.red(`error: ${worst.header} for ${worst.object ? `Page ${worst.object}` : worst.token} is at ${percentOf(worst)}%, above ${opts.failAbove}%${report.above.length > 1 ? ` (${report.above.length} figures above)` : ''}.`));
    ctx.io.err('  Slow the bot or the jobs down: at 100% Facebook refuses calls until the figure drops (see "regain access").');
    return ExitCode.usageAbove;
  }
  return ExitCode.ok;
}
