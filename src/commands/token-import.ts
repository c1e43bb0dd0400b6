import type { Command } from 'commander';
import type { Context } from '../context.js';
import { jsonOrNull } from '../tokens/json-vocabulary.js';
import { printJson, withExamples, type AppHandle } from './command-kit.js';
import { ExitCode, UsageError } from '../errors.js';
import { debugToken } from '../graph/debug-token.js';
import { appAccessToken } from '../tokens/app-credentials.js';
import { parseTokenText, readTokenInput } from '../tokens/token-input.js';
import { defaultNameFor, isLongLived, recordFromInfo, subjectNameFor, validateTokenName } from '../tokens/token-record.js';
import { confirmReplace, describeHolding } from '../tokens/confirm-replace.js';
import { invalidTokenError } from '../tokens/token-errors.js';
import { formatExpiry } from '../tokens/lifetime.js';
import { fingerprint } from '../store/fingerprint.js';
import { registerSecret } from '../util/redact.js';

export interface TokenImportOptions {
  tokenStdin: boolean;
  name?: string;
  force: boolean;
}

export function registerTokenImport(token: Command, app: AppHandle): void {
  withExamples(
    token
      .command('import')
      .description('store a token from elsewhere (Graph API Explorer, a teammate), read from stdin')
      .option('--token-stdin', 'read the token from stdin')
      .option('--name <name>', 'name to store it under (default from its type: user, page:<id>, system-user:<id>)')
      .option('--force', 'replace an existing token of that name without asking'),
    ['pbpaste | fbtok token import --token-stdin', 'fbtok token import --token-stdin --name system-user:ci < token.txt'],
  ).action(async (flags: Record<string, unknown>) => app.run((ctx) => runTokenImport(parseTokenImportFlags(flags), ctx)));
}

export function parseTokenImportFlags(flags: Record<string, unknown>): TokenImportOptions {
  const name = flags.name === undefined ? undefined : validateTokenName(String(flags.name), '--name');
  return { tokenStdin: Boolean(flags.tokenStdin), name, force: Boolean(flags.force) };
}

/** Learns what the token is from debug_token, refuses a dead one, names it, stores it (the old one becomes `previous`). */
export async function runTokenImport(opts: TokenImportOptions, ctx: Context): Promise<number> {
  const token = opts.tokenStdin
    ? (await readTokenInput(ctx, { tokenStdin: true })).token
    : await readPastedToken(ctx);
  registerSecret(token);
  const [graph, appToken] = await Promise.all([ctx.graph(), appAccessToken(ctx)]);
  const info = await debugToken(graph, { appToken, inputToken: token });
  if (!info.valid) throw invalidTokenError(info, 'The token to import');
  const { appId } = await ctx.config();
  if (appId && info.appId && info.appId !== appId) {
    ctx.io.warn(`The token belongs to app ${info.application ?? ''} (${info.appId}), not the configured app ${appId}: debug and exchange work, but appsecret_proof calls will fail.`);
  }
  const name = opts.name ?? defaultNameFor(info);
  const store = await ctx.store();
  const existing = await store.get(name);
  if (existing && existing.fingerprint === fingerprint(token)) {
    ctx.io.err(`"${name}" already holds this token; nothing changed.`);
  } else {
    if (existing && !opts.force) await confirmReplace(ctx, { name, holds: describeHolding(existing), nameFlag: '--name' });
    const record = recordFromInfo({ name, token, info, obtainedVia: 'import', obtainedAtMs: ctx.clock.now(), subjectName: subjectNameFor(info, existing) });
    await store.put([{ record, secret: token }], { command: 'token import' });
    ctx.io.err(`Imported a ${info.type ?? 'token'} token as "${name}"${existing ? ' (the replaced token is kept as its previous one)' : ''}; it expires ${formatExpiry(info.expiresAt, ctx.clock.now())}.`);
    // A short-lived user token (Graph API Explorer's) dies within hours; the exchange gives ~60 days.
    if (info.type === 'USER' && !isLongLived(info, ctx.clock.now())) {
      ctx.io.err(`It is short-lived; for a ~60-day token run \`fbtok exchange-long-lived --from ${name}\`.`);
    }
  }
  if (ctx.globals.json) printJson(ctx, jsonOrNull(await store.get(name), ctx.clock.now()));
  return ExitCode.ok;
}

/** The token typed or pasted at the prompt, checked like one from stdin. */
async function readPastedToken(ctx: Context): Promise<string> {
  const fix = 'Paste the token alone, or pipe it in: pbpaste | fbtok token import --token-stdin';
  const text = await ctx.prompter().password('Token to import:', fix);
  if (!text.trim()) throw new UsageError('No token given.', fix);
  return parseTokenText(text, 'The pasted token', fix);
}
