// What every way in (browser, device, manual) ends with: learn what was granted, make the token
// long-lived, store it as `user`, and optionally derive the Page tokens.
import type { Context } from '../context.js';
import type { ObtainedVia, TokenRecord } from '../store/token-store.js';
import { exchangeCode, exchangeForLongLived, appTokenFor } from '../graph/oauth.js';
import { debugToken, type TokenInfo } from '../graph/debug-token.js';
import { getMe } from '../graph/me.js';
import { isGraphError } from '../graph/graph-error.js';
import { isLongLived, recordFromInfo } from '../tokens/token-record.js';
import { formatExpiry } from '../tokens/lifetime.js';
import { TokenInvalidError } from '../errors.js';
import { registerSecret } from '../util/redact.js';
import { printJson } from '../commands/command-kit.js';
import { recordJson } from '../tokens/json-vocabulary.js';
import { derivePageTokens, printPageRecords } from '../tokens/page-tokens-flow.js';

export interface AppCredentials {
  appId: string;
  appSecret: string;
}

export interface CodeExchangeOptions extends AppCredentials {
  code: string;
  /** Exactly the dialog's redirect_uri, or Facebook refuses the code. */
  redirectUri: string;
  codeVerifier?: string;
}

/** The code → token exchange; a redirect mismatch names the exact URI to register. */
export async function exchangeLoginCode(ctx: Context, opts: CodeExchangeOptions): Promise<string> {
  const graph = await ctx.graph();
  try {
    const grant = await exchangeCode(graph, opts);
    registerSecret(grant.accessToken);
    return grant.accessToken;
  } catch (error) {
    if (isGraphError(error) && error.kind === 'graph' && /verification code format/i.test(error.message)) {
      // A malformed code is a copy-and-paste problem, not the app's redirect URI settings.
      throw error.withRemedy('The code was cut short or mistyped: run `fbtok login` again and paste the whole URL the browser ends on.');
    }
    if (isGraphError(error) && error.kind === 'graph' && /redirect_uri|verification code/i.test(error.message) && !/verifier|challenge/i.test(error.message)) {
      throw error.withRemedy(
        `Add exactly ${opts.redirectUri} to Valid OAuth Redirect URIs (App dashboard > Facebook Login > Settings), then run \`fbtok login\` again (a code works once).`,
      );
    }
    throw error;
  }
}

export interface CompleteLoginOptions extends AppCredentials {
  accessToken: string;
  via: ObtainedVia;
  /** What the dialog asked for, to name what the user declined (empty with --config-id). */
  requestedScopes: string[];
  pages: boolean;
}

export async function completeLogin(ctx: Context, opts: CompleteLoginOptions): Promise<TokenRecord> {
  const graph = await ctx.graph();
  const appToken = appTokenFor(opts.appId, opts.appSecret);
  let token = opts.accessToken;
  let info = await debugToken(graph, { appToken, inputToken: token });
  if (!info.valid) throw new TokenInvalidError(`Facebook says the new token is not valid (${info.error?.message ?? 'no reason given'}).`);
  warnDeclined(ctx, opts.requestedScopes, info);
  if (!isLongLived(info, ctx.clock.now())) {
    // The code flow may give a ~1-2 h token; a long-lived one lasts ~60 days and its Page tokens never expire.
    const grant = await exchangeForLongLived(graph, { appId: opts.appId, appSecret: opts.appSecret, token });
    registerSecret(grant.accessToken);
    token = grant.accessToken;
    info = await debugToken(graph, { appToken, inputToken: token });
  }
  const me = await getMe(graph, { token }).catch(() => null);
  const record = recordFromInfo({ name: 'user', token, info, obtainedVia: opts.via, obtainedAtMs: ctx.clock.now(), subjectName: me?.name ?? null });
  const store = await ctx.store();
  await store.put([{ record, secret: token }], { command: 'login' });
  report(ctx, record, info, store.kind);
  const pageOptions = { tokenStdin: false, pages: [], save: true, force: false };
  if (!opts.pages) {
    if (ctx.globals.json) printJson(ctx, recordJson(record, ctx.clock.now()));
  } else if (ctx.globals.json) {
    // One document on stdout: the user record, with the Page records beside it.
    printJson(ctx, { ...recordJson(record, ctx.clock.now()), pages: (await derivePageTokens(pageOptions, pagesContext(ctx))).map((r) => recordJson(r, ctx.clock.now())) });
  } else {
    const pagesCtx = pagesContext(ctx);
    printPageRecords(pagesCtx.io.out, await derivePageTokens(pageOptions, pagesCtx), ctx.clock.now());
  }
  return record;
}

/** Requested minus granted: the user unticked them, or the app lacks access (App Review). */
function warnDeclined(ctx: Context, requested: string[], info: TokenInfo): void {
  const declined = requested.filter((scope) => !info.scopes.includes(scope));
  if (declined.length === 0) return;
  ctx.io.warn(
    `Not granted: ${declined.join(', ')}. Calls needing ${declined.length === 1 ? 'it' : 'them'} will fail (exit 4). ` +
      'Ask again with `fbtok login --auth-type rerequest`; if the dialog never offers them, the app needs access to them (App Review or an app role).',
  );
}

function report(ctx: Context, record: TokenRecord, info: TokenInfo, storeKind: string): void {
  const now = ctx.clock.now();
  const who = record.subjectName ? `${record.subjectName} (${record.subjectId})` : `user ${record.subjectId ?? '?'}`;
  ctx.io.err(ctx.io.style.green(`Logged in as ${who}.`));
  ctx.io.err(`Stored as "user" in profile "${ctx.globals.profile}" (${storeKind} store); fingerprint ${record.fingerprint}.`);
  ctx.io.err(`Expires: ${formatExpiry(info.expiresAt, now)}; data access until: ${formatExpiry(info.dataAccessExpiresAt, now)}.`);
  ctx.io.err(`Granted: ${record.scopes.join(', ') || '(none)'}.`);
}

/**
 * `login --pages` runs the `page-tokens` flow with the token just stored: FBTOK_ACCESS_TOKEN must not take its
 * place, and its Page table goes to stderr so stdout keeps one document (with --json: the user record
 * and its Page records under `pages`).
 */
function pagesContext(ctx: Context): Context {
  return {
    ...ctx,
    env: { ...ctx.env, FBTOK_ACCESS_TOKEN: undefined },
    globals: { ...ctx.globals, json: false },
    io: { ...ctx.io, out: (line: string) => ctx.io.err(line) },
  };
}
