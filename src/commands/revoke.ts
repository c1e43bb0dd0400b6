import type { Command } from 'commander';
import type { Context } from '../context.js';
import { printJson, withExamples, type AppHandle } from './command-kit.js';
import { ExitCode, UsageError, needsInput, CancelledError, NOTHING_CHANGED } from '../errors.js';
import { isPermissionName, listPermissions, revokeAppAuthorization, revokePermission } from '../graph/permissions.js';
import type { GraphClient } from '../graph/types.js';
import { readTokenInput, type TokenInput } from '../tokens/token-input.js';
import { describeOwner } from '../tokens/token-owner.js';
import { promptInput } from '../io/controlling-terminal.js';
import { fingerprint } from '../store/fingerprint.js';
import { invalidated } from '../tokens/check-tokens.js';
import type { TokenRecord } from '../store/token-store.js';

export interface RevokeOptions {
  /** Remove only this permission; absent = de-authorize the app for the user. */
  permission?: string;
  yes: boolean;
  tokenStdin: boolean;
}

export function registerRevoke(program: Command, app: AppHandle): void {
  const command = program.command('revoke');
  command.option('--permission <name>', 'remove only this permission');
  command.option('--yes', 'do not ask for confirmation (needed without a terminal)');
  command.option('--token-stdin', 'act with a user token from stdin instead of the stored one');
  withExamples(command, ['fbtok revoke --yes', 'fbtok revoke --permission pages_messaging --yes']);
  command.action(async (flags: Record<string, unknown>) => app.run((ctx) => runRevoke(parseRevokeFlags(flags), ctx)));
}

export function parseRevokeFlags(flags: Record<string, unknown>): RevokeOptions {
  const permission = flags.permission as string | undefined;
  if (permission !== undefined && !isPermissionName(permission)) {
    throw new UsageError(`Invalid permission name "${permission.slice(0, 40)}".`, 'Permission names look like pages_messaging.');
  }
  return { permission, yes: Boolean(flags.yes), tokenStdin: Boolean(flags.tokenStdin) };
}

/** DELETE /me/permissions[/name], then the affected records are marked invalid (kept) or lose the permission. */
export async function runRevoke(opts: RevokeOptions, ctx: Context): Promise<number> {
  const input = await readTokenInput(ctx, { tokenStdin: opts.tokenStdin, allowEnv: true, defaultName: 'user' });
  const graph = await ctx.graph();
  // Nothing to revoke needs no confirmation: what was granted is read before asking.
  if (opts.permission && !(await isGranted(ctx, graph, input.token, opts.permission))) return ExitCode.ok;
  if (!opts.yes) await confirmRevoke(ctx, graph, opts, input);
  if (opts.permission) await revokePermission(graph, { userToken: input.token, permission: opts.permission });
  else await revokeAppAuthorization(graph, { userToken: input.token });

  const store = await ctx.store();
  const affected = affectedRecords(await store.list(), fingerprint(input.token), input.record?.subjectId ?? null);
  const now = ctx.clock.now();
  const updated = opts.permission
    ? affected.filter((r) => r.scopes.includes(opts.permission!)).map((r) => withoutScope(r, opts.permission!))
    : affected.map((r) => invalidated(r, { error: { code: 190, subcode: 458, message: 'The app was de-authorized for this user (fbtok revoke).' } }, now));
  if (updated.length > 0) await store.updateRecords(updated, { command: opts.permission ? 'revoke --permission' : 'revoke' });
  report(ctx, opts, updated);
  return ExitCode.ok;
}

/** Names what it acts on (the user, name and id, and the app); "no", Ctrl-C or Ctrl-D is exit 130. */
async function confirmRevoke(ctx: Context, graph: GraphClient, opts: RevokeOptions, input: TokenInput): Promise<void> {
  const fix = 'Pass --yes to revoke without a question (scripts, CI).';
  if (!promptInput(ctx.io)) throw needsInput('Confirmation to revoke', fix);
  const { user, app } = await describeOwner(ctx, graph, input);
  const question = opts.permission
    ? `Revoke ${opts.permission} for ${user} in ${app}?`
    : `Revoke ${app} for ${user}? Every token of this user for this app stops working.`;
  if (!(await ctx.prompter().confirm(question, fix, false))) throw new CancelledError(NOTHING_CHANGED);
}

/**
 * Facebook answers `{"success": true}` to DELETE /me/permissions/{name} whatever the name, so what the user
 * granted is read first (GET /me/permissions): a name never granted (a typo) is exit 2 with the granted
 * ones; one already declined or revoked is nothing to do (exit 0). Either way nothing is sent or changed.
 * https://developers.facebook.com/docs/graph-api/reference/user/permissions
 */
async function isGranted(ctx: Context, graph: GraphClient, userToken: string, permission: string): Promise<boolean> {
  const permissions = await listPermissions(graph, { userToken });
  const entry = permissions.find((p) => p.permission === permission);
  if (entry?.status === 'granted') return true;
  if (entry) {
    ctx.io.err(`${permission} is not granted (Facebook says: ${entry.status}); nothing was revoked.`);
    if (ctx.globals.json) printJson(ctx, { revoked: null, permission, status: entry.status, records: [] });
    return false;
  }
  const granted = permissions.filter((p) => p.status === 'granted').map((p) => p.permission);
  throw new UsageError(
    `The user never granted ${permission} to this app; nothing was revoked.`,
    granted.length ? `Granted: ${granted.join(', ')}.` : 'The user has granted this app no permissions.',
    'PERMISSION_NOT_GRANTED',
  );
}

/**
 * The user token (by fingerprint, or every user token of the same user id) and every Page token derived
 * from one of those.
 */
export function affectedRecords(records: TokenRecord[], userFingerprint: string, userId: string | null): TokenRecord[] {
  const users = records.filter((r) => r.fingerprint === userFingerprint || (userId !== null && r.type === 'USER' && r.subjectId === userId));
  const prints = new Set([userFingerprint, ...users.map((r) => r.fingerprint)]);
  const derived = records.filter((r) => r.derivedFrom !== undefined && prints.has(r.derivedFrom) && !users.includes(r));
  return [...users, ...derived];
}

function withoutScope(record: TokenRecord, permission: string): TokenRecord {
  const next: TokenRecord = { ...record, scopes: record.scopes.filter((s) => s !== permission) };
  if (record.granularScopes) next.granularScopes = record.granularScopes.filter((g) => g.scope !== permission);
  return next;
}

function report(ctx: Context, opts: RevokeOptions, updated: TokenRecord[]): void {
  const names = updated.map((r) => r.name).join(', ') || 'none';
  if (opts.permission) {
    ctx.io.err(`Revoked ${opts.permission}. Removed it from ${updated.length} stored record${updated.length === 1 ? '' : 's'}: ${names}.`);
  } else {
    ctx.io.err(`De-authorized the app for this user. Marked ${updated.length} stored token${updated.length === 1 ? '' : 's'} invalid (kept, so \`fbtok status\` shows it): ${names}.`);
    ctx.io.err('A new `fbtok login` authorizes the app again.');
  }
  if (ctx.globals.json) printJson(ctx, { revoked: opts.permission ?? 'app', records: updated });
}
