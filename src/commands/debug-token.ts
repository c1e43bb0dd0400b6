import type { Command } from 'commander';
import type { Context } from '../context.js';
import { commaList, printJson, withExamples, type AppHandle } from './command-kit.js';
import { ExitCode, UsageError } from '../errors.js';
import { debugToken } from '../graph/debug-token.js';
import { appAccessToken } from '../tokens/app-credentials.js';
import { readTokenInput } from '../tokens/token-input.js';
import { checkStoredTokens, contradictionLines, markInvalid } from '../tokens/check-tokens.js';
import { describeLines, pageNamesOf, viewOfInfo, type TokenView } from '../tokens/describe-token.js';
import type { TokenRecord } from '../store/token-store.js';
import { requireContext } from '../tokens/require-causes.js';

export interface DebugTokenOptions {
  name?: string;
  tokenStdin: boolean;
  all: boolean;
  require: string[];
}

export function registerDebugToken(program: Command, app: AppHandle): void {
  const command = program.command('debug-token [name]');
  command.option('--token-stdin', 'read the token from stdin');
  command.option('--all', 'every stored token (batched, 50 per request)');
  command.option('--require <scopes>', 'exit 4 when any of these permissions (comma-separated) is missing');
  withExamples(command, ['fbtok debug-token', 'fbtok debug-token page:1234567890 --require pages_messaging', 'fbtok debug-token --all --json']);
  command.action(async (name: string | undefined, flags: Record<string, unknown>) => app.run((ctx) => runDebugToken(parseDebugTokenFlags(name, flags), ctx)));
}

export function parseDebugTokenFlags(name: string | undefined, flags: Record<string, unknown>): DebugTokenOptions {
  const opts = { name, tokenStdin: Boolean(flags.tokenStdin), all: Boolean(flags.all), require: flags.require ? commaList(String(flags.require)) : [] };
  if (opts.all && (opts.name || opts.tokenStdin)) throw new UsageError('--all checks every stored token; it takes no name and no --token-stdin.', 'fbtok debug-token --all');
  if (opts.name && opts.tokenStdin) throw new UsageError('Give a stored name or --token-stdin, not both.', 'fbtok debug-token page:123, or: pbpaste | fbtok debug-token --token-stdin');
  return opts;
}

/** Shows what debug_token says; exit 3 for an invalid token, 4 when --require finds a permission missing. */
export async function runDebugToken(opts: DebugTokenOptions, ctx: Context): Promise<number> {
  return opts.all ? debugAll(opts, ctx) : debugOne(opts, ctx);
}

async function debugOne(opts: DebugTokenOptions, ctx: Context): Promise<number> {
  const input = await readTokenInput(ctx, { tokenStdin: opts.tokenStdin, from: opts.name, allowEnv: !opts.name, defaultName: 'user' });
  const [graph, appToken] = await Promise.all([ctx.graph(), appAccessToken(ctx)]);
  const info = await debugToken(graph, { appToken, inputToken: input.token });
  if (input.record) {
    const store = await ctx.store();
    await markInvalid(store, [{ record: input.record, info }], ctx.clock.now(), 'debug-token');
  }
  const records = await storedRecords(ctx);
  const why = await requireContext(ctx, records);
  const view = viewOfInfo(info, { require: opts.require, name: input.name, needed: why.needed, causes: await why.causesFor(info, input.token, opts.require) });
  await warnForeignApp(ctx, [view]);
  if (ctx.globals.json) printJson(ctx, view);
  else for (const line of describeLines(view, { now: ctx.clock.now(), pageNames: pageNamesOf(records) })) ctx.io.out(line);
  return exitCodeOf([view]);
}

async function debugAll(opts: DebugTokenOptions, ctx: Context): Promise<number> {
  const store = await ctx.store();
  const records = await store.list();
  if (records.length === 0) {
    ctx.io.err(`No tokens stored for profile "${ctx.globals.profile}". Get one with \`fbtok login\`.`);
    if (ctx.globals.json) printJson(ctx, []);
    return ExitCode.ok;
  }
  const { checked, ...contradictions } = await checkStoredTokens(ctx, store, records, 'debug-token --all');
  for (const line of contradictionLines(contradictions, store.kind)) ctx.io.warn(line);
  const why = await requireContext(ctx, records);
  // /me/permissions is read at most once per user token (a Page token's causes use the stored user token).
  const userSecret = opts.require.length > 0 ? await store.getSecret('user').catch(() => undefined) : undefined;
  const views = await Promise.all(
    checked.map(async (c) =>
      viewOfInfo(c.info, { require: opts.require, name: c.record.name, needed: why.needed, causes: await why.causesFor(c.info, c.record.name === 'user' ? userSecret ?? '' : '', opts.require) }),
    ),
  );
  await warnForeignApp(ctx, views);
  if (ctx.globals.json) printJson(ctx, views);
  else printAll(ctx, views, pageNamesOf(records));
  return exitCodeOf(views);
}

function printAll(ctx: Context, views: TokenView[], pageNames: Map<string, string>): void {
  views.forEach((view, i) => {
    if (i > 0) ctx.io.out('');
    for (const line of describeLines(view, { now: ctx.clock.now(), pageNames })) ctx.io.out(line);
  });
}

function exitCodeOf(views: TokenView[]): number {
  if (views.some((v) => !v.valid)) return ExitCode.tokenInvalid;
  if (views.some((v) => v.missingScopes.length > 0)) return ExitCode.missingPermission;
  return ExitCode.ok;
}

async function warnForeignApp(ctx: Context, views: TokenView[]): Promise<void> {
  const { appId } = await ctx.config();
  for (const v of views) {
    if (appId && v.appId && v.appId !== appId) {
      ctx.io.warn(`${v.name ? `"${v.name}"` : 'The token'} belongs to app ${v.application ?? ''} (${v.appId}), not the configured app ${appId}: calls with this profile's app secret will fail.`);
    }
  }
}

/** Page names for the granular-scope lines; a store that cannot be opened just means no names. */
async function storedRecords(ctx: Context): Promise<TokenRecord[]> {
  try {
    return await (await ctx.store()).list();
  } catch {
    return [];
  }
}
