// Token endpoints under /oauth: code exchange, long-lived exchange, app tokens, system-user revocation.
// https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow
// https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived
import type { GraphClient, GraphResponse } from './types.js';
import { GraphError, isGraphError } from './graph-error.js';
import { dateMs, num, record } from './json.js';
import { PKCE_MISMATCH_REMEDY, PKCE_MISMATCH_SUBCODE } from './remedies.js';
import { ExitCode } from '../errors.js';

export interface TokenGrant {
  accessToken: string;
  tokenType: string | null;
  /** null when Facebook sent no lifetime (a token that does not expire, or an older answer). */
  expiresInSeconds: number | null;
  /** ms: the server's Date header when present, else the local clock at receipt. */
  obtainedAt: number;
  /** ms: obtainedAt + expires_in; null when unknown or never. */
  expiresAt: number | null;
  /** Present when the PKCE/OIDC flow asked for `openid`. */
  idToken?: string;
}

export interface ExchangeCodeOptions {
  appId: string;
  /** Omitted by public clients using PKCE. */
  appSecret?: string;
  redirectUri: string;
  code: string;
  codeVerifier?: string;
}

/**
 * The remedy when Facebook rejects the PKCE parameters for another reason than a mismatch. It never advises
 * turning PKCE off: that is the user's call (`fbtok login --help` explains the setting), not a fix.
 */
export const PKCE_REMEDY =
  "Facebook did not accept this login's PKCE verifier or challenge: start again with `fbtok login`; `fbtok login --help` explains the PKCE setting.";
/** A verifier that does not match (Graph's 36010; tolerated without the subcode when the message says so). */
const PKCE_MISMATCH_MESSAGE = /(invalid|does not match|mismatch)\W.*verifier|verifier\W.*(invalid|does not match|mismatch)/i;
const REDIRECT_REMEDY =
  'The redirect URI must match the one the login dialog used exactly (and be registered in the app), and a code works once: log in again.';

/** Exchanges a login code; never retried (codes are single-use). */
export async function exchangeCode(graph: GraphClient, options: ExchangeCodeOptions): Promise<TokenGrant> {
  try {
    // A POST form, as standard OAuth2 clients send it to Facebook (sure): code, secret and verifier stay out of URLs.
    const res = await graph.request<unknown>({
      method: 'POST',
      path: '/oauth/access_token',
      form: {
        client_id: options.appId,
        redirect_uri: options.redirectUri,
        client_secret: options.appSecret,
        code: options.code,
        code_verifier: options.codeVerifier,
      },
      proof: false,
      retry: false,
    });
    return toGrant(res, 'the code exchange');
  } catch (error) {
    if (!isGraphError(error) || error.kind !== 'graph') throw error;
    if (error.subcode === PKCE_MISMATCH_SUBCODE || PKCE_MISMATCH_MESSAGE.test(error.message)) {
      throw error.withRemedy(PKCE_MISMATCH_REMEDY, { code: 'PKCE_MISMATCH', exitCode: ExitCode.tokenInvalid });
    }
    if (/verifier|challenge|pkce/i.test(error.message)) throw error.withRemedy(PKCE_REMEDY);
    if (/redirect_uri|verification code/i.test(error.message)) throw error.withRemedy(REDIRECT_REMEDY);
    throw error;
  }
}

export interface ExchangeForLongLivedOptions {
  appId: string;
  appSecret: string;
  token: string;
  /** Refreshing an expiring system-user token: asks for another 60 days. */
  systemUser?: boolean;
}

/** fb_exchange_token: short-lived → ~60-day token. An already long-lived token may come back unchanged. */
export async function exchangeForLongLived(graph: GraphClient, options: ExchangeForLongLivedOptions): Promise<TokenGrant> {
  // POST (graph-api-facts: fairly sure, the same endpoint as the code exchange): the tokens and the app secret
  // stay out of URLs.
  const res = await graph.request<unknown>({
    method: 'POST',
    path: '/oauth/access_token',
    form: {
      grant_type: 'fb_exchange_token',
      client_id: options.appId,
      client_secret: options.appSecret,
      fb_exchange_token: options.token,
      set_token_expires_in_60_days: options.systemUser ? 'true' : undefined,
    },
    proof: false,
  });
  return toGrant(res, 'the token exchange');
}

/** The literal app token; it never expires and is for server-side use only. */
export function appTokenFor(appId: string, appSecret: string): string {
  return `${appId}|${appSecret}`;
}

export interface RevokeSystemUserTokenOptions {
  appId: string;
  appSecret: string;
  /** The token to revoke. */
  token: string;
  /** The caller's token (an admin or system-user token of the business); default the token itself. */
  accessToken?: string;
}

/**
 * Revokes a system-user token via /oauth/revoke (method and answer unsure per our facts: tolerant).
 * Verify with debug_token afterwards.
 */
export async function revokeSystemUserToken(
  graph: GraphClient,
  options: RevokeSystemUserTokenOptions,
): Promise<{ revoked: boolean }> {
  // POST: the method is unsure on Graph either way, and a body keeps the secret and both tokens out of URLs.
  const res = await graph.request<unknown>({
    method: 'POST',
    path: '/oauth/revoke',
    form: { client_id: options.appId, client_secret: options.appSecret, revoke_token: options.token },
    token: options.accessToken ?? options.token,
  });
  return { revoked: successOf(res.data) };
}

/** `true`, `{"success": true}` or `{"result": "success"}`; anything else without an error counts as done. */
export function successOf(data: unknown): boolean {
  if (typeof data === 'boolean') return data;
  if (typeof data === 'object' && data !== null) {
    const record = data as Record<string, unknown>;
    if ('success' in record) return record.success === true || record.success === 'true';
    if ('result' in record) return record.result === true || record.result === 'success';
  }
  return true;
}

/** Parses `{access_token, token_type, expires_in}`, with expiry from the server's clock. */
export function toGrant(res: GraphResponse<unknown>, what: string): TokenGrant {
  const data = record(res.data) ?? {};
  if (typeof data.access_token !== 'string' || data.access_token === '') throw GraphError.unexpected(what, res.status);
  const expiresIn = num(data.expires_in);
  const obtainedAt = res.serverDate ?? res.receivedAt ?? Date.now();
  const grant: TokenGrant = {
    accessToken: data.access_token,
    tokenType: typeof data.token_type === 'string' ? data.token_type : null,
    expiresInSeconds: expiresIn,
    obtainedAt,
    expiresAt: expiresIn !== null && expiresIn > 0 ? dateMs(obtainedAt + expiresIn * 1000) : null,
  };
  if (typeof data.id_token === 'string') grant.idToken = data.id_token;
  return grant;
}
