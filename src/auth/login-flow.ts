// The login flow that `fbtok login` and `rotate --login` (or yes to its offer) share: first-run app set-up,
// one way in (browser, device, manual), then what every way in ends with (complete-login.ts).
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { parseDuration } from '../util/duration.js';
import { ensureAppSetup } from './app-setup.js';
import { runBrowserLogin, type AuthorizationCode, type DialogOptions } from './browser-login.js';
import { runDeviceLogin } from './device-login-flow.js';
import { runManualLogin } from './manual-flow.js';
import { scopesWithAdded } from './add-scopes.js';
import { completeLogin, exchangeLoginCode } from './complete-login.js';

/** How long the browser flow waits for the callback unless --wait says otherwise. */
export const DEFAULT_WAIT = '5m';

export interface LoginOptions {
  /** --scopes; undefined = the profile's (or the first-run choice). */
  scopes?: string[];
  /** --add-scopes: the current token's scopes plus these, with auth_type=rerequest. */
  addScopes?: string[];
  mode: 'browser' | 'device' | 'manual';
  openBrowser: boolean;
  port?: number;
  redirectUri?: string;
  /** false with --no-pkce (the profile's `pkce false` also turns it off). */
  pkce: boolean;
  authType?: string;
  configId?: string;
  waitMs: number;
  pages: boolean;
}

/** A plain login as `fbtok login` (or `--device`) with no other flag runs it. */
export function defaultLoginOptions(mode: LoginOptions['mode'] = 'browser'): LoginOptions {
  return { mode, openBrowser: true, pkce: true, waitMs: parseDuration(DEFAULT_WAIT, '--wait'), pages: false };
}

export async function runLogin(opts: LoginOptions, ctx: Context): Promise<number> {
  const config = await ctx.config();
  const redirectUri = opts.redirectUri ?? config.redirectUri;
  if (opts.mode === 'manual' && !redirectUri) {
    throw new UsageError('--manual needs the redirect URI registered in the app.', 'Add --redirect-uri https://... (exactly as in Valid OAuth Redirect URIs), or `fbtok config set redirect-uri <uri>`.');
  }
  const scopes = opts.addScopes ? await scopesWithAdded(ctx, opts.addScopes, config.scopes) : opts.scopes;
  const authType = opts.addScopes ? opts.authType ?? 'rerequest' : opts.authType;
  const setup = await ensureAppSetup(ctx, { scopes });
  const credentials = { appId: setup.appId, appSecret: setup.appSecret };
  const finish = { ...credentials, requestedScopes: opts.configId ? [] : setup.scopes, pages: opts.pages };
  if (opts.mode === 'device') {
    // Facebook's device flow takes scopes but no auth_type: a permission the user declined is not asked again.
    if (opts.addScopes) ctx.io.warn('Device login cannot re-request a permission the user declined (it has no auth_type): if one was declined, run `fbtok login --add-scopes ...` in a browser, or with --manual.');
    const { accessToken } = await runDeviceLogin(ctx, { appId: setup.appId, scopes: setup.scopes });
    await completeLogin(ctx, { ...finish, accessToken, via: 'device-login' });
    return 0;
  }
  const dialog: DialogOptions = {
    wwwUrl: config.wwwUrl,
    graphVersion: config.graphVersion,
    appId: setup.appId,
    // A Login for Business configuration defines the permissions itself.
    scopes: opts.configId ? [] : setup.scopes,
    pkce: opts.pkce && config.pkce,
    authType,
    configId: opts.configId,
  };
  const authorization: AuthorizationCode =
    opts.mode === 'manual'
      ? await runManualLogin(ctx, { dialog, redirectUri: redirectUri! })
      : await runBrowserLogin(ctx, { dialog, port: opts.port ?? config.port, redirectUri, openBrowser: opts.openBrowser, waitMs: opts.waitMs });
  const accessToken = await exchangeLoginCode(ctx, { ...credentials, ...authorization });
  await completeLogin(ctx, { ...finish, accessToken, via: opts.mode === 'manual' ? 'manual-login' : 'login' });
  return 0;
}
