import type { Context } from '../context.js';
import { tokenNotFound } from './token-errors.js';
import type { TokenRecord } from '../store/token-store.js';
import { FbtokError, ExitCode, UsageError } from '../errors.js';
import { registerSecret } from '../util/redact.js';

export interface TokenInputOptions {
  /** --token-stdin */
  tokenStdin?: boolean;
  /** A stored token name (--from NAME, or a positional name). */
  from?: string;
  /** Accept FBTOK_ACCESS_TOKEN when neither stdin nor a name is given explicitly. */
  allowEnv?: boolean;
  /** The name used when nothing else is given (default 'user'). */
  defaultName?: string;
}

export interface TokenInput {
  token: string;
  /** Set when the token came from the store. */
  name?: string;
  record?: TokenRecord;
}

/** A token from stdin, FBTOK_ACCESS_TOKEN or the store, in that order of precedence. */
export async function readTokenInput(ctx: Context, opts: TokenInputOptions): Promise<TokenInput> {
  if (opts.tokenStdin) {
    const token = firstLine(await ctx.io.readStdin());
    if (!token) throw new UsageError('--token-stdin was given but stdin is empty.', 'Pipe the token in: printf %s "$TOKEN" | fbtok ... --token-stdin');
    return remember({ token });
  }
  const fromEnv = ctx.env.FBTOK_ACCESS_TOKEN?.trim();
  if (!opts.from && opts.allowEnv && fromEnv) return remember({ token: fromEnv });
  return remember(await readStoredToken(ctx, opts.from ?? opts.defaultName ?? 'user'));
}

/** A stored token and its record; an unknown name is exit 3 with the way to get one. */
export async function readStoredToken(ctx: Context, name: string): Promise<Required<Pick<TokenInput, 'token' | 'name' | 'record'>>> {
  const store = await ctx.store();
  const record = await store.get(name);
  const token = record ? await store.getSecret(name) : undefined;
  if (!record || !token) {
    throw tokenNotFound(`"${name}" in profile "${ctx.globals.profile}" (${store.kind} store)`, name);
  }
  return remember({ token, name, record }) as Required<Pick<TokenInput, 'token' | 'name' | 'record'>>;
}

function firstLine(text: string): string {
  return text.split(/\r?\n/).map((l) => l.trim()).find(Boolean) ?? '';
}

function remember<T extends TokenInput>(input: T): T {
  registerSecret(input.token);
  return input;
}
