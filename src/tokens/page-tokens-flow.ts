// The Page-token flow that `page-tokens`, `login --pages` (and rotate, through the same graph operations)
// share: check the user token, get its Pages' tokens, keep stored ones that outlive them, store the rest.
// https://developers.facebook.com/docs/pages-api/overview#get-a-page-access-token
import type { Context } from '../context.js';
import { ExitCode, FbtokError, UsageError } from '../errors.js';
import { debugToken, debugTokens } from '../graph/debug-token.js';
import { listManagedPages, namedPages, type ManagedPage, type NamedPagesResult } from '../graph/pages.js';
import { appAccessToken } from './app-credentials.js';
import { readTokenInput } from './token-input.js';
import { invalidTokenError, tokenLabel } from './token-errors.js';
import { pageRecords, withOwnLifetimes } from './page-records.js';
import { keepLongerLived } from './keep-longer-lived.js';
import { timeLeftOf } from './lifetime.js';
import { reportKept, reportUnchanged, warnAbout } from './page-tokens-report.js';
import { missingPermissionRemedy } from './diagnose-permissions.js';
import { printTable, summarizeList } from '../io/table.js';
import { startProgress, type Progress } from '../io/progress.js';
import type { StoredToken, TokenRecord } from '../store/token-store.js';

export interface PageTokensOptions {
  tokenStdin: boolean;
  /** --page: only these Page ids (empty = every Page). */
  pages: string[];
  save: boolean;
  /** Replace stored Page tokens that work and last at least as long as the new ones (kept by default). */
  force: boolean;
}

/** The Page records as a table through `out` (stdout for `page-tokens`, stderr for `login --pages`). */
export function printPageRecords(out: (line: string) => void, records: TokenRecord[], now: number, width?: number): void {
  if (records.length === 0) return;
  printTable(out, ['Page', 'id', 'tasks', 'expires'], records.map((r) => [r.subjectName, r.subjectId, r.tasks?.join(','), timeLeftOf(r.expiresAt, now)]), { width, shorten: { 2: summarizeList } });
}

/**
 * debug_token for the user token beside /me/accounts with paging (or, for named Pages, one batched
 * GET /{page-id} each), then one store.put: ~N/100 + 1 round trips in sequence. Resolves the Page records as
 * stored now (what `page-tokens` and `login --pages` show).
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
  const listing: Promise<ManagedPage[] | NamedPagesResult> = opts.pages.length > 0
    ? namedPages(graph, { userToken: input.token, pageIds: [...new Set(opts.pages)] })
    : listManagedPages(graph, { userToken: input.token, onPage: (n) => progress.update(`Pages fetched ${n}`), signal: ctx.signal });
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
  // The user token lacking pages_messaging altogether: /me/permissions tells declined from never asked.
  const lacksMessaging = !user.scopes.includes('pages_messaging') && derived.length > 0;
  const messagingFix = lacksMessaging
    ? await missingPermissionRemedy({ graph, userToken: input.token, missing: ['pages_messaging'], userScopes: user.scopes, pageToken: false, configuredScopes: (await ctx.config()).scopes })
    : undefined;
  warnAbout(ctx, user, pages, derived.map((s) => s.record), now, messagingFix);
  let records = derived.map((s) => s.record);
  if (opts.save && derived.length > 0) {
    const store = await ctx.store();
    const { put: chosen, kept, unchanged, checkFailed } = opts.force
      ? { put: derived, kept: [], unchanged: [], checkFailed: undefined }
      : await keepLongerLived({ derived, store, debug: (inputTokens) => debugTokens(graph, { appToken, inputTokens }) });
    if (checkFailed !== undefined) {
      // Unchecked, a longer-lived stored token is kept (the safe side); one that is only as good is replaced.
      const outcome = kept.length > 0 ? 'kept them unchecked (they outlive the new ones)' : 'stored the new ones';
      ctx.io.warn(`Could not check the stored Page tokens (${(checkFailed as Error).message}); ${outcome}. \`fbtok debug-token --all\` checks them later.`);
    }
    // Each Page token written gets its own expiry and data access (debug_token), not the user token's
    // copied onto it; asked only for what is written, after the keep decision (one batch, not two, on a re-run).
    // A string already stored (Facebook handed out the same one) keeps the dates its record has.
    const before = new Map((await store.list()).map((r) => [r.name, r]));
    const same = (t: StoredToken) => before.get(t.record.name)?.fingerprint === t.record.fingerprint;
    const fresh = await withOwnLifetimes(chosen.filter((t) => !same(t)), (inputTokens) => debugTokens(graph, { appToken, inputTokens }), (error) =>
      ctx.io.warn(`Could not ask Facebook for the new Page tokens' own expiry (${(error as Error).message}); recorded the user token's until \`fbtok status --check\`.`));
    const kept2 = chosen.filter(same).map((t) => {
      const old = before.get(t.record.name)!;
      return { ...t, record: { ...t.record, expiresAt: old.expiresAt, dataAccessExpiresAt: old.dataAccessExpiresAt } };
    });
    const put = [...fresh, ...kept2];
    if (put.length > 0) {
      await store.put(put, { command: 'page-tokens' });
      ctx.io.err(`Stored ${put.length} Page token${put.length === 1 ? '' : 's'} as page:<id> (derived from ${input.name ? `"${input.name}"` : 'the given user token'}).`);
    }
    if (kept.length > 0) reportKept(ctx, kept, user.expiresAt, now);
    if (unchanged.length > 0) reportUnchanged(ctx, unchanged);
    // The table and --json show what is stored now: the kept record in place of the one not stored.
    const keptByName = new Map([...kept, ...unchanged, ...put.map((p) => p.record)].map((r) => [r.name, r]));
    records = records.map((r) => keptByName.get(r.name) ?? r);
  } else if (!opts.save) ctx.io.err('Nothing stored (--no-save).');
  return records;
}

function selectPages(found: ManagedPage[] | NamedPagesResult, wanted: string[], ctx: Context): ManagedPage[] {
  const named = !Array.isArray(found);
  const all = named ? found.pages : found;
  if (all.length === 0 && !named) {
    ctx.io.warn('The user manages no Pages this app may see. Log in again and select the Pages in the dialog (`fbtok login`); the login needs pages_show_list.');
    return [];
  }
  if (wanted.length === 0) return all;
  const chosen = named ? all : all.filter((p) => wanted.includes(p.id));
  const missing = named ? found.notManaged : wanted.filter((id) => !chosen.some((p) => p.id === id));
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
