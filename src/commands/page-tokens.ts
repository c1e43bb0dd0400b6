import type { Command } from 'commander';
import type { Context } from '../context.js';
import { collect, printJson, withExamples, type AppHandle } from './command-kit.js';
import { ExitCode, FbtokError, UsageError } from '../errors.js';
import { debugToken, debugTokens, type TokenInfo } from '../graph/debug-token.js';
import { listManagedPages, type ManagedPage } from '../graph/pages.js';
import { appAccessToken } from '../tokens/app-credentials.js';
import { readTokenInput } from '../tokens/token-input.js';
import { isLongLived } from '../tokens/token-record.js';
import { invalidTokenError, tokenLabel } from '../tokens/token-errors.js';
import { pageRecords } from '../tokens/page-records.js';
import { keepLongerLived } from '../tokens/keep-longer-lived.js';
import { timeLeftOf } from '../tokens/lifetime.js';
import { printTable, summarizeList } from '../io/table.js';
import { startProgress, type Progress } from '../io/progress.js';
import { formatTimeLeft } from '../util/duration.js';
import type { TokenRecord } from '../store/token-store.js';

export interface PageTokensOptions {
  tokenStdin: boolean;
  /** --page: only these Page ids (empty = every Page). */
  pages: string[];
  save: boolean;
  /** Replace stored Page tokens even with ones that expire sooner. */
  force: boolean;
}

export function registerPageTokens(program: Command, app: AppHandle): void {
  const command = program.command('page-tokens');
  command.option('--token-stdin', 'use a user token from stdin instead of the stored one');
  command.option('--page <id>', 'only this Page (repeatable)', collect, []);
  command.option('--no-save', 'print only; store nothing');
  command.option('--force', 'replace stored Page tokens even with ones that expire sooner');
  withExamples(command, ['fbtok page-tokens', 'fbtok page-tokens --page 1234567890 --json', 'fbtok page-tokens --no-save']);
  command.action(async (flags: Record<string, unknown>) => app.run((ctx) => runPageTokens(parsePageTokensFlags(flags), ctx)));
}

export function parsePageTokensFlags(flags: Record<string, unknown>): PageTokensOptions {
  const pages = (flags.page as string[] | undefined) ?? [];
  for (const id of pages) if (!/^\d{1,25}$/.test(id)) throw new UsageError(`Invalid Page id "${id.slice(0, 40)}".`, 'A Page id is a number, e.g. --page 1234567890.');
  return { tokenStdin: Boolean(flags.tokenStdin), pages, save: flags.save !== false, force: Boolean(flags.force) };
}

export async function runPageTokens(opts: PageTokensOptions, ctx: Context): Promise<number> {
  const records = await derivePageTokens(opts, ctx);
  const now = ctx.clock.now();
  if (ctx.globals.json) printJson(ctx, records);
  else if (records.length > 0) printTable(ctx.io.out, ['Page', 'id', 'tasks', 'expires'], records.map((r) => [r.subjectName, r.subjectId, r.tasks?.join(','), timeLeftOf(r.expiresAt, now)]), { width: ctx.io.columns, shorten: { 2: summarizeList } });
  return ExitCode.ok;
}

/**
 * debug_token for the user token beside /me/accounts with paging, then one store.put: ~N/100 + 1 round
 * trips in sequence. Resolves the Page records as stored now (what `page-tokens` and `login --pages` show).
 */
export async function derivePageTokens(opts: PageTokensOptions, ctx: Context): Promise<TokenRecord[]> {
  const progress = startProgress(ctx, 'Fetching Pages from Facebook');
  return deriveWith(opts, ctx, progress).finally(() => progress.stop());
}

async function deriveWith(opts: PageTokensOptions, ctx: Context, progress: Progress): Promise<TokenRecord[]> {
  const input = await readTokenInput(ctx, { tokenStdin: opts.tokenStdin, allowEnv: true, defaultName: 'user' });
  const [graph, appToken] = await Promise.all([ctx.graph(), appAccessToken(ctx)]);
  // The listing starts with the check instead of after it: a round trip less for a good token (the usual
  // case). For a bad one, the check's error is the one reported and the listing's is dropped.
  const listing = listManagedPages(graph, { userToken: input.token, onPage: (n) => progress.update(`Pages fetched ${n}`), signal: ctx.signal });
  listing.catch(() => {});
  const user = await debugToken(graph, { appToken, inputToken: input.token });
  if (!user.valid) throw invalidTokenError(user, tokenLabel(input.name ?? 'user'));
  if (user.type === 'PAGE' || user.type === 'APP') {
    throw new UsageError(`Page tokens come from a user token; this is a ${user.type} token.`, 'Use the stored user token (`fbtok login`), or pipe a user token in with --token-stdin.', 'NOT_A_USER_TOKEN');
  }
  // The rest of the listing takes a round trip per 100 Pages: time enough to load what storing needs
  // (here, not before the first requests are on their way).
  if (opts.save) (await ctx.store()).prepareWrite?.();
  const pages = selectPages(await listing.finally(() => progress.stop()), opts.pages, ctx);
  const now = ctx.clock.now();
  const derived = pageRecords({ userToken: input.token, user, pages, nowMs: now });
  warnAbout(ctx, user, pages, derived.map((s) => s.record), now);
  let records = derived.map((s) => s.record);
  if (opts.save && derived.length > 0) {
    const store = await ctx.store();
    const { put, kept, checkFailed } = opts.force
      ? { put: derived, kept: [], checkFailed: undefined }
      : await keepLongerLived({ derived, store, debug: (inputTokens) => debugTokens(graph, { appToken, inputTokens }) });
    if (checkFailed !== undefined) {
      ctx.io.warn(`Could not check the stored Page tokens that outlive the new ones (${(checkFailed as Error).message}); kept them unchecked. \`fbtok debug-token --all\` checks them later.`);
    }
    if (put.length > 0) {
      await store.put(put, { command: 'page-tokens' });
      ctx.io.err(`Stored ${put.length} Page token${put.length === 1 ? '' : 's'} as page:<id> (derived from ${input.name ? `"${input.name}"` : 'the given user token'}).`);
    }
    if (kept.length > 0) reportKept(ctx, kept, user.expiresAt, now);
    // The table and --json show what is stored now: the kept record in place of the one not stored.
    const keptByName = new Map(kept.map((r) => [r.name, r]));
    records = records.map((r) => keptByName.get(r.name) ?? r);
  } else if (!opts.save) ctx.io.err('Nothing stored (--no-save).');
  return records;
}

function selectPages(all: ManagedPage[], wanted: string[], ctx: Context): ManagedPage[] {
  if (all.length === 0) {
    ctx.io.warn('The user manages no Pages this app may see. Log in again and select the Pages in the dialog (`fbtok login`); the login needs pages_show_list.');
    return [];
  }
  if (wanted.length === 0) return all;
  const chosen = all.filter((p) => wanted.includes(p.id));
  const missing = wanted.filter((id) => !chosen.some((p) => p.id === id));
  if (chosen.length === 0) {
    throw new FbtokError(`The user manages none of these Pages: ${missing.join(', ')}.`, {
      code: 'PAGE_NOT_MANAGED',
      exitCode: ExitCode.missingPermission,
      remedy: 'See the Pages the user manages with `fbtok page-tokens --no-save`; the user needs a role on the Page, and the Page must be selected at login.',
    });
  }
  if (missing.length > 0) ctx.io.warn(`Not among the Pages the user manages (skipped): ${missing.join(', ')}.`);
  return chosen;
}

const MAX_NAMED = 5;

function reportKept(ctx: Context, kept: TokenRecord[], newExpiresAt: number | null, now: number): void {
  const list = names(kept.map((r) => ({ id: r.subjectId ?? r.name, name: r.subjectName ?? '' })));
  const one = kept.length === 1;
  const verb = one ? 'expires' : 'expire';
  const when = kept.every((r) => r.expiresAt === null) ? `never ${verb}` : `${verb} later`;
  ctx.io.warn(
    `Kept ${kept.length} stored Page token${one ? '' : 's'} that ${when} (the new ${one ? 'one' : 'ones'} would expire in ${formatTimeLeft(newExpiresAt, now)}): ${list}. Pass --force to replace ${one ? 'it' : 'them'} anyway.`,
  );
}

function warnAbout(ctx: Context, user: TokenInfo, pages: ManagedPage[], records: TokenRecord[], now: number): void {
  if (!isLongLived(user, now)) {
    ctx.io.warn(`The user token is short-lived (${formatTimeLeft(user.expiresAt, now)} left): these Page tokens expire with it. Fix: \`fbtok exchange-long-lived\`, then \`fbtok page-tokens\` again (Page tokens from a long-lived user token never expire).`);
  }
  const noToken = pages.filter((p) => p.accessToken === null);
  if (noToken.length > 0) ctx.io.warn(`Facebook gave no token for ${names(noToken)}: the user's tasks there do not allow one.`);
  const noTask = pages.filter((p) => p.accessToken !== null && !p.tasks.includes('MESSAGING'));
  if (noTask.length > 0) {
    ctx.io.warn(`No MESSAGING task on ${names(noTask)}: a Messenger bot on ${noTask.length === 1 ? 'it' : 'them'} will fail. Fix: a Page admin gives the user the Messaging task (Page settings > Page access).`);
  }
  const noScope = records.filter((r) => !r.scopes.includes('pages_messaging'));
  if (noScope.length > 0) {
    const pageList = noScope.map((r) => ({ id: r.subjectId ?? '?', name: r.subjectName ?? '' }));
    ctx.io.warn(`pages_messaging is not granted for ${names(pageList)}: a Messenger bot there will fail. Fix: \`fbtok login\` with pages_messaging in the scopes, selecting ${noScope.length === 1 ? 'this Page' : 'these Pages'}, then \`fbtok page-tokens\`.`);
  }
}

function names(pages: Array<{ id: string; name: string }>): string {
  const shown = pages.slice(0, MAX_NAMED).map((p) => (p.name ? `${p.name} (${p.id})` : p.id));
  return pages.length > MAX_NAMED ? `${shown.join(', ')} and ${pages.length - MAX_NAMED} more Pages` : shown.join(', ');
}
