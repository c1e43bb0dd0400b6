import type { Command } from 'commander';
import { addDeployHookOptions, parseHookFlags } from '../hooks/hook-options.js';
import { withHooks } from '../hooks/with-hooks.js';
import type { Context } from '../context.js';
import { collect, printJson, withExamples, type AppHandle } from './command-kit.js';
import { ExitCode, UsageError } from '../errors.js';
import { recordJson } from '../tokens/json-vocabulary.js';
import { derivePageTokens, printPageRecords, type PageTokensOptions } from '../tokens/page-tokens-flow.js';

export type { PageTokensOptions } from '../tokens/page-tokens-flow.js';

export function registerPageTokens(program: Command, app: AppHandle): void {
  const command = program.command('page-tokens');
  command.option('--token-stdin', 'use a user token from stdin instead of the stored one');
  command.option('--page <id>', 'only this Page (repeatable)', collect, []);
  command.option('--no-save', 'print only; store nothing');
  command.option('--force', 'replace stored Page tokens that work and last at least as long');
  addDeployHookOptions(command);
  withExamples(command, ['fbtok page-tokens', 'fbtok page-tokens --page 1234567890 --json', 'fbtok page-tokens --no-save']);
  command.action(async (flags: Record<string, unknown>) => app.run((ctx) => withHooks(ctx, parseHookFlags(flags), 'page-tokens', () => runPageTokens(parsePageTokensFlags(flags), ctx))));
}

export function parsePageTokensFlags(flags: Record<string, unknown>): PageTokensOptions {
  const pages = (flags.page as string[] | undefined) ?? [];
  for (const id of pages) if (!/^\d{1,25}$/.test(id)) throw new UsageError(`Invalid Page id "${id.slice(0, 40)}".`, 'A Page id is a number, e.g. --page 1234567890.');
  return { tokenStdin: Boolean(flags.tokenStdin), pages, save: flags.save !== false, force: Boolean(flags.force) };
}

export async function runPageTokens(opts: PageTokensOptions, ctx: Context): Promise<number> {
  const records = await derivePageTokens(opts, ctx);
  if (ctx.globals.json) printJson(ctx, records.map((r) => recordJson(r, ctx.clock.now())));
  else printPageRecords(ctx.io.out, records, ctx.clock.now(), ctx.io.columns);
  return ExitCode.ok;
}
