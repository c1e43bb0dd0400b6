// The default way in: open the Login dialog in a browser, catch the redirect on 127.0.0.1.
import type { Context } from '../context.js';
import { formatSpan } from '../util/duration.js';
import { buildLoginUrl, type LoginUrlOptions } from './login-url.js';
import { createPkce } from './pkce.js';
import { createState } from './state.js';
import { startRedirectListener } from './redirect-listener.js';
import { LoginDeniedError, LoginTimeoutError, describeDenial } from './login-errors.js';

export const CALLBACK_PATH = '/callback';

export type DialogOptions = Omit<LoginUrlOptions, 'state' | 'pkce' | 'redirectUri'> & { pkce: boolean };

export interface BrowserLoginOptions {
  dialog: DialogOptions;
  port: number;
  /** A registered HTTPS address that forwards to the listener; default http://localhost:<port>/callback. */
  redirectUri?: string;
  /** false with --no-browser: print the URL only. */
  openBrowser: boolean;
  waitMs: number;
}

export interface AuthorizationCode {
  code: string;
  redirectUri: string;
  codeVerifier?: string;
}

export function localRedirectUri(port: number): string {
  return `http://localhost:${port}${CALLBACK_PATH}`;
}

export async function runBrowserLogin(ctx: Context, opts: BrowserLoginOptions): Promise<AuthorizationCode> {
  const state = createState();
  const pkce = opts.dialog.pkce ? createPkce() : undefined;
  const local = localRedirectUri(opts.port);
  const redirectUri = opts.redirectUri ?? local;
  // Bind first: a busy port fails before a browser tab is opened for nothing.
  const listener = await startRedirectListener({
    port: opts.port,
    path: CALLBACK_PATH,
    expectedState: state,
    signal: ctx.signal,
    timeoutMs: opts.waitMs,
    timeoutError: (ms) => new LoginTimeoutError(ms, redirectUri),
    // A forwarder for a registered HTTPS redirect URI may keep its Host: that one host is accepted too.
    extraHosts: redirectUri === local ? [] : [new URL(redirectUri).host],
  });
  try {
    const url = buildLoginUrl({ ...opts.dialog, redirectUri, state, pkce });
    explainRedirect(ctx, redirectUri, local, await localLoginWorkedBefore(ctx));
    const opened = opts.openBrowser && (await ctx.openUrl(url));
    ctx.io.err(opened ? 'Opened the login page in your browser. If it did not appear, open this URL:' : 'Open this URL in a browser to log in:');
    ctx.io.err(url);
    ctx.io.err(ctx.io.style.dim(`Waiting up to ${formatSpan(opts.waitMs)} for the login (--wait to change; Ctrl-C to stop)...`));
    const result = await listener.result;
    if (result.kind === 'denied') throw new LoginDeniedError(describeDenial(result));
    return { code: result.code, redirectUri, codeVerifier: pkce?.verifier };
  } finally {
    await listener.close();
  }
}

/** Most first-login failures are a redirect URI the app does not allow: say what to register before waiting. */
function explainRedirect(ctx: Context, redirectUri: string, local: string, workedBefore: boolean): void {
  const { io } = ctx;
  io.err(`Redirect URI: ${io.style.bold(redirectUri)}`);
  if (redirectUri !== local) {
    io.err(`  It must be registered in the app and forward to ${local}`);
    io.err('  with its query string unchanged.');
    return;
  }
  // Once a login through this localhost URI has worked, the app allows it: the rule cannot matter now.
  if (workedBefore) return;
  // Each line stays under 80 columns (a default terminal), whatever the port.
  io.err('  Facebook allows http://localhost redirects only while the app is in');
  io.err('  Development mode. For a live app: `fbtok login --device`, or');
  io.err('  `fbtok login --manual --redirect-uri <registered https URI>`, or');
  io.err('  --redirect-uri with a registered HTTPS address that forwards here.');
}

/** The stored user token came from a browser login (the usual one is through the local listener). */
async function localLoginWorkedBefore(ctx: Context): Promise<boolean> {
  try {
    const user = await (await ctx.store()).get('user');
    return user?.obtainedVia === 'login';
  } catch {
    return false; // no store yet (no keychain...): say it, the login itself will tell about the store
  }
}
