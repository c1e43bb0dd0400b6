import type { Context } from '../context.js';
import { tokenNotFound } from './token-errors.js';
import type { TokenRecord } from '../store/token-store.js';
import { UsageError } from '../errors.js';
import { registerSecret } from '../util/redact.js';
import { MAX_TOKEN_LENGTH, TOKEN_CHARACTERS, TOKEN_TEXT_RE as TOKEN_ALPHABET } from './token-alphabet.js';

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

/** The one token alphabet (token-alphabet.ts): scan and redaction use the same. */
export { MAX_TOKEN_LENGTH };
/** stdin past this is refused unread (exit 2): room for a `Bearer ` or `access_token=...&...` wrapping. */
export const STDIN_TOKEN_LIMIT = 2 * MAX_TOKEN_LENGTH;

const STDIN_FIX = 'Pipe only the token: printf %s "$TOKEN" | fbtok ... --token-stdin (a `Bearer ` or `access_token=` prefix is fine).';
const ENV_FIX = 'Set FBTOK_ACCESS_TOKEN to the token alone (a `Bearer ` or `access_token=` prefix is fine), or unset it to use the stored token.';

/** A token from stdin, FBTOK_ACCESS_TOKEN or the store, in that order of precedence. */
export async function readTokenInput(ctx: Context, opts: TokenInputOptions): Promise<TokenInput> {
  if (opts.tokenStdin) {
    const text = await ctx.io.readStdin(STDIN_TOKEN_LIMIT).catch((error: unknown) => {
      if ((error as UsageError).code !== 'STDIN_TOO_LARGE') throw error;
      // Stopped reading at the limit (memory stays flat whatever is piped in).
      throw new UsageError(`The token on stdin is not an access token: it is over ${STDIN_TOKEN_LIMIT / 1024} KB, and tokens are at most ${MAX_TOKEN_LENGTH} characters.`, STDIN_FIX, 'TOKEN_MALFORMED');
    });
    if (!text.trim()) throw new UsageError('--token-stdin was given but stdin is empty.', 'Pipe the token in: printf %s "$TOKEN" | fbtok ... --token-stdin');
    return remember({ token: parseTokenText(text, 'The token on stdin', STDIN_FIX) });
  }
  const fromEnv = ctx.env.FBTOK_ACCESS_TOKEN;
  if (!opts.from && opts.allowEnv && fromEnv?.trim()) return remember({ token: parseTokenText(fromEnv, 'FBTOK_ACCESS_TOKEN', ENV_FIX) });
  return remember(await readStoredToken(ctx, opts.from ?? opts.defaultName ?? 'user'));
}

/**
 * The token in pasted or piped text, checked locally before any network call: surrounding whitespace, a
 * `Bearer ` and an `access_token=` prefix (with any `&...` after it) are dropped; anything that cannot be a
 * token is a UsageError (exit 2). The error never quotes the text, which may be a secret.
 */
export function parseTokenText(text: string, what: string, remedy: string): string {
  let token = text.trim().replace(/^bearer\s+/i, '');
  if (/^access_token=/i.test(token)) token = token.slice('access_token='.length).split('&')[0];
  token = token.trim();
  const refuse = (why: string) => new UsageError(`${what} is not an access token: ${why}.`, remedy, 'TOKEN_MALFORMED');
  if (!token) throw refuse('it is empty');
  if (token.length > MAX_TOKEN_LENGTH) throw refuse(`it is ${token.length} characters long, and tokens are at most ${MAX_TOKEN_LENGTH}`);
  if (!TOKEN_ALPHABET.test(token)) {
    const at = [...token].findIndex((c) => !TOKEN_ALPHABET.test(c)) + 1;
    const lines = token.split(/\r?\n/).filter((l) => l.trim()).length;
    throw refuse(lines > 1 ? `it is ${lines} lines, and a token is one` : `character ${at} is not one a token holds (${TOKEN_CHARACTERS})`);
  }
  return token;
}

/** A stored token and its record; an unknown name is exit 2 (a usage problem) with the way to get one. */
export async function readStoredToken(ctx: Context, name: string): Promise<Required<Pick<TokenInput, 'token' | 'name' | 'record'>>> {
  const store = await ctx.store();
  const record = await store.get(name);
  const token = record ? await store.getSecret(name) : undefined;
  if (!record || !token) {
    throw tokenNotFound(`"${name}" in profile "${ctx.globals.profile}" (${store.kind} store)`, name);
  }
  return remember({ token, name, record }) as Required<Pick<TokenInput, 'token' | 'name' | 'record'>>;
}

function remember<T extends TokenInput>(input: T): T {
  registerSecret(input.token);
  return input;
}
