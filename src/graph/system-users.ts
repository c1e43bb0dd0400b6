// System-user tokens (Business Manager): install the app, then generate a token.
// https://developers.facebook.com/docs/marketing-api/system-users/install-apps-and-generate-tokens
import type { GraphClient } from './types.js';
import { successOf, toGrant, type TokenGrant } from './oauth.js';

export interface GenerateSystemUserTokenOptions {
  systemUserId: string;
  appId: string;
  scopes: readonly string[];
  /** An admin or system-user token of the same business; the client adds its appsecret_proof. */
  adminToken: string;
  /** Ask for a 60-day token (Meta's recommendation); default true. */
  expiring?: boolean;
}

/** POST /{system-user-id}/access_tokens. Verify the result with debug_token. */
export async function generateSystemUserToken(graph: GraphClient, options: GenerateSystemUserTokenOptions): Promise<TokenGrant> {
  const res = await graph.request<unknown>({
    method: 'POST',
    path: `/${encodeURIComponent(options.systemUserId)}/access_tokens`,
    form: {
      business_app: options.appId,
      scope: options.scopes.join(','),
      set_token_expires_in_60_days: options.expiring === false ? undefined : 'true',
    },
    token: options.adminToken,
    // A second try could mint a second token; a failure here is cheap to repeat by hand.
    retry: false,
  });
  return toGrant(res, 'the system-user token');
}

/** POST /{system-user-id}/applications: installs the app for the system user (needed before generating). */
export async function installAppForSystemUser(
  graph: GraphClient,
  options: { systemUserId: string; appId: string; adminToken: string },
): Promise<{ success: boolean }> {
  const res = await graph.request<unknown>({
    method: 'POST',
    path: `/${encodeURIComponent(options.systemUserId)}/applications`,
    form: { business_app: options.appId },
    token: options.adminToken,
  });
  return { success: successOf(res.data) };
}
