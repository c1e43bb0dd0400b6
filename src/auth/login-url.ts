// The Login dialog URL (manual flow): https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow
import type { Pkce } from './pkce.js';

export interface LoginUrlOptions {
  /** e.g. https://www.facebook.com (FBTOK_WWW_URL), no trailing slash. */
  wwwUrl: string;
  graphVersion: string;
  appId: string;
  redirectUri: string;
  state: string;
  scopes: string[];
  /** Omitted with --no-pkce. */
  pkce?: Pick<Pkce, 'challenge' | 'method'>;
  /** 'rerequest' asks again for declined permissions. */
  authType?: string;
  /** Facebook Login for Business configuration (it then defines the permissions). */
  configId?: string;
}

export function buildLoginUrl(opts: LoginUrlOptions): string {
  const url = new URL(`${opts.wwwUrl.replace(/\/+$/, '')}/${opts.graphVersion}/dialog/oauth`);
  const q = url.searchParams;
  q.set('client_id', opts.appId);
  q.set('redirect_uri', opts.redirectUri);
  q.set('state', opts.state);
  // Only response_type=code returns in the query string; the other types use the fragment, which no listener sees.
  q.set('response_type', 'code');
  if (opts.scopes.length > 0) q.set('scope', opts.scopes.join(','));
  if (opts.pkce) {
    q.set('code_challenge', opts.pkce.challenge);
    q.set('code_challenge_method', opts.pkce.method);
  }
  if (opts.authType) q.set('auth_type', opts.authType);
  if (opts.configId) q.set('config_id', opts.configId);
  return url.toString();
}
