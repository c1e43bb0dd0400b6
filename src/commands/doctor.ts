import type { Command } from 'commander';
import type { Context } from '../context.js';
import { commaList, printJson, withExamples, type AppHandle } from './command-kit.js';
import { UsageError } from '../errors.js';
import { runDoctorChecks, type DoctorOptions } from '../doctor/run-doctor.js';
import { formatFindings, summarize, summaryLine, toJson } from '../doctor/format.js';

export const DEFAULT_WEBHOOK_FIELDS = ['messages'];

export function registerDoctor(program: Command, app: AppHandle): void {
  const command = program.command('doctor');
  command.option('--fix-subscriptions', 'subscribe the app to each Page\'s webhooks');
  // Not only for --fix-subscriptions: the check asks for these fields too, and its remedy repeats them.
  command.option('--fields <list>', 'webhook fields each Page must be subscribed to: checked, and subscribed with --fix-subscriptions (default messages)');
  withExamples(command, ['fbtok doctor', 'fbtok doctor --fix-subscriptions --fields messages,messaging_postbacks']);
  command.action(async (flags: Record<string, unknown>) => app.run((ctx) => runDoctor(parseDoctorFlags(flags), ctx)));
}

/** --fields also sets what the check asks for, without --fix-subscriptions too. */
export function parseDoctorFlags(flags: Record<string, unknown>): DoctorOptions {
  const fields = flags.fields === undefined ? DEFAULT_WEBHOOK_FIELDS : commaList(String(flags.fields));
  const bad = fields.find((f) => !/^[a-z][a-z0-9_]{0,63}$/.test(f));
  if (fields.length === 0 || bad !== undefined) {
    throw new UsageError(`Invalid webhook field "${(bad ?? '').slice(0, 40)}" in --fields.`, 'Give Messenger webhook fields, comma-separated: --fields messages,messaging_postbacks.');
  }
  return { fields: [...new Set(fields)], fixSubscriptions: Boolean(flags.fixSubscriptions) };
}

/** Findings on stdout (or --json), the summary on stderr; the exit code is the worst finding's. */
export async function runDoctor(opts: DoctorOptions, ctx: Context): Promise<number> {
  const { findings, exitCode } = await runDoctorChecks(ctx, opts);
  if (ctx.globals.json) printJson(ctx, toJson(findings, exitCode));
  else for (const line of formatFindings(findings, { color: ctx.io.color && ctx.globals.color, style: ctx.io.style })) ctx.io.out(line);
  ctx.io.err(summaryLine(summarize(findings, exitCode)));
  return exitCode;
}
