import type { Command } from 'commander';
import { addDeployHookOptions, parseHookFlags } from '../hooks/hook-options.js';
import { withHooks } from '../hooks/with-hooks.js';
import { appTokenFor } from '../graph/oauth.js';
import type { Context } from '../context.js';
import { recordJson } from '../tokens/json-vocabulary.js';
import { printJson, withExamples, type AppHandle } from './command-kit.js';
import { UsageError } from '../errors.js';
import { debugToken, type TokenInfo } from '../graph/debug-token.js';
import { exchangeForLongLived } from '../graph/oauth.js';
import { requireAppId, requireAppSecret } from '../tokens/app-credentials.js';
import { readTokenInput, type TokenInput } from '../tokens/token-input.js';
import { isLongLived, recordFromInfo, subjectIdOf, subjectNameFor, validateTokenName } from '../tokens/token-record.js';
import { confirmReplace, describeHolding } from '../tokens/confirm-replace.js';
import { invalidTokenError, tokenLabel } from '../tokens/token-errors.js';
import { formatExpiry } from '../tokens/lifetime.js';
import type { TokenRecord } from '../store/token-store.js';

export interface ExchangeLongLivedOptions {
  tokenStdin: boolean;
  from?: string;
  save: string;
  /** Replace a stored token of another type or user under --save without asking. */
  force: boolean;
}

/** debug_token and the exchange answer may disagree by a few seconds; more than this is worth a word. */
const EXPIRY_TOLERANCE_MS = 3_600_000;

export function registerExchangeLongLived(program: Command, app: AppHandle): void {
  const command = program.command('exchange-long-lived');
  command.option('--token-stdin', 'read the token from stdin');
  command.option('--from <name>', 'stored token to exchange (default user; FBTOK_ACCESS_TOKEN is used when set)');
  command.option('--save <name>', 'name to store the result under (default: the --from name, else user)');
  command.option('--force', 'replace a token of another type or user stored under that name without asking');
  addDeployHookOptions(command);
  withExamples(command, ['fbtok exchange-long-lived', 'pbpaste | fbtok exchange-long-lived --token-stdin', 'fbtok exchange-long-lived --from work --json']);
  command.action(async (flags: Record<string, unknown>) => app.run((ctx) => withHooks(ctx, parseHookFlags(flags), 'exchange-long-lived', () => runExchangeLongLived(parseExchangeFlags(flags), ctx))));
}

export function parseExchangeFlags(flags: Record<string, unknown>): ExchangeLongLivedOptions {
  // Only a new name is checked: a --from name is already stored (or fails as not found).
  const save = flags.save === undefined ? String(flags.from ?? 'user') : validateTokenName(String(flags.save), '--save');
  const opts = { tokenStdin: Boolean(flags.tokenStdin), from: flags.from as string | undefined, save, force: Boolean(flags.force) };
  if (opts.tokenStdin && opts.from) throw new UsageError('Give --token-stdin or --from, not both.', 'fbtok exchange-long-lived --from user');
  return opts;
}

export async function runExchangeLongLived(opts: ExchangeLongLivedOptions, ctx: Context): Promise<number> {
  const input = await readTokenInput(ctx, { tokenStdin: opts.tokenStdin, from: opts.from, allowEnv: true, defaultName: 'user' });
  const [appId, appSecret] = await Promise.all([requireAppId(ctx), requireAppSecret(ctx)]);
  const graph = await ctx.graph();
  const appToken = appTokenFor(appId, appSecret);
  const before = await debugToken(graph, { appToken, inputToken: input.token });
  checkExchangeable(before, input);
  const existing = await checkSaveName(opts, ctx, before, input);
  const now = ctx.clock.now();
  if (isLongLived(before, now)) return keepLongLived(opts, ctx, input, before, existing);

  const grant = await exchangeForLongLived(graph, { appId, appSecret, token: input.token });
  const after = await debugToken(graph, { appToken, inputToken: grant.accessToken });
  if (!after.valid) throw invalidTokenError(after, 'The token Facebook returned from the exchange');
  if (grant.expiresAt !== null && after.expiresAt !== null && Math.abs(grant.expiresAt - after.expiresAt) > EXPIRY_TOLERANCE_MS) {
    ctx.io.warn(`The exchange answer said the token expires ${formatExpiry(grant.expiresAt, now)}, debug_token says ${formatExpiry(after.expiresAt, now)}; stored debug_token's.`);
  }
  if (before.expiresAt !== null && after.expiresAt !== null && after.expiresAt <= before.expiresAt) {
    ctx.io.warn('The exchange did not extend the token. Only a new login (`fbtok login`) gives a fresh ~60-day token.');
  }
  // No /me call for the name: only what a stored record of the same user already knew.
  const subjectName = subjectNameFor(after, input.record, existing);
  const record = recordFromInfo({ name: opts.save, token: grant.accessToken, info: after, obtainedVia: 'exchange', obtainedAtMs: grant.obtainedAt, subjectName });
  const store = await ctx.store();
  await store.put([{ record, secret: grant.accessToken }], { command: 'exchange-long-lived' });
  ctx.io.err(`Stored a long-lived user token as "${opts.save}"; it expires ${formatExpiry(after.expiresAt, ctx.clock.now())}.`);
  if (after.dataAccessExpiresAt !== null) ctx.io.err(`Data access expires ${formatExpiry(after.dataAccessExpiresAt, ctx.clock.now())}; only a login renews it.`);
  // The stored record: the store adds `previous` (the token this one replaced).
  if (ctx.globals.json) printJson(ctx, recordJson((await store.get(opts.save)) ?? record, ctx.clock.now()));
  return 0;
}

function checkExchangeable(info: TokenInfo, input: TokenInput): void {
  if (!info.valid) throw invalidTokenError(info, tokenLabel(input.name));
  if (info.type === 'PAGE') {
    throw new UsageError('Page tokens are not exchanged: a Page token derived from a long-lived user token never expires.', 'Exchange the user token (`fbtok exchange-long-lived`), then run `fbtok page-tokens`.', 'NOT_A_USER_TOKEN');
  }
  if (info.type === 'SYSTEM_USER') throw new UsageError('System-user tokens are refreshed, not exchanged.', 'Use `fbtok rotate` for a system-user token.', 'NOT_A_USER_TOKEN');
  if (info.type === 'APP') throw new UsageError('An app token never expires and cannot be exchanged.', 'Exchange a user token instead.', 'NOT_A_USER_TOKEN');
}

/**
 * What --save holds now. A token of another type (a USER token over page:123) or of another user would be
 * lost to what uses that name (a bot's PAGE_ACCESS_TOKEN=page:123): asked about on a terminal, else --force.
 */
async function checkSaveName(opts: ExchangeLongLivedOptions, ctx: Context, info: TokenInfo, input: TokenInput): Promise<TokenRecord | undefined> {
  const existing = input.name === opts.save ? input.record : await (await ctx.store()).get(opts.save);
  if (!existing || opts.force) return existing;
  const type = info.type ?? 'USER';
  const subjectId = subjectIdOf(info);
  const otherSubject = existing.subjectId !== null && subjectId !== null && existing.subjectId !== subjectId;
  if (existing.type !== type || otherSubject) {
    await confirmReplace(ctx, { name: opts.save, holds: describeHolding(existing), nameFlag: '--save' });
  }
  return existing;
}

/** Already long-lived: exchanging would not extend it, so say so; store it under --save if it is not there yet. */
async function keepLongLived(opts: ExchangeLongLivedOptions, ctx: Context, input: TokenInput, info: TokenInfo, existing: TokenRecord | undefined): Promise<number> {
  const now = ctx.clock.now();
  ctx.io.err(`${tokenLabel(input.name)} is already long-lived: it expires ${formatExpiry(info.expiresAt, now)}.`);
  ctx.io.err('Exchanging it again would not extend it; a new login (`fbtok login`) gives a fresh ~60-day token.');
  let record: TokenRecord | undefined = input.name === opts.save ? input.record : undefined;
  if (!record) {
    record = recordFromInfo({ name: opts.save, token: input.token, info, obtainedVia: input.record?.obtainedVia ?? 'import', obtainedAtMs: now, subjectName: subjectNameFor(info, input.record, existing) });
    await (await ctx.store()).put([{ record, secret: input.token }], { command: 'exchange-long-lived' });
    ctx.io.err(`Stored it as "${opts.save}".`);
  }
  if (ctx.globals.json) printJson(ctx, recordJson(record, ctx.clock.now()));
  return 0;
}
