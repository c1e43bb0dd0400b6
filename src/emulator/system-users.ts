// POST /{system-user-id}/access_tokens
// (https://developers.facebook.com/docs/marketing-api/system-users/install-apps-and-generate-tokens).
// Graph requires appsecret_proof of the calling token here whatever the app setting, so we always check it.
import { authenticate, checkProof } from './auth.js';
import type { Ctx } from './context.js';
import { splitList } from './context.js';
import { graphError, missingParam, ok, unsupportedRequest, type Reply } from './errors.js';

/** POST /{system-user-id}/access_tokens?business_app&scope&appsecret_proof&set_token_expires_in_60_days */
export function systemUserAccessToken(ctx: Ctx, systemUserId: string): Reply {
  if (ctx.state.pagesById.has(systemUserId) || systemUserId === ctx.state.user.id) {
    return unsupportedRequest(ctx.req.method, `${systemUserId}/access_tokens`);
  }
  const who = authenticate(ctx, ['USER', 'SYSTEM_USER']);
  if ('status' in who) return who;
  const badProof = checkProof(ctx, who.token);
  if (badProof) return badProof;
  const p = ctx.params;
  if (!p.business_app) return missingParam('business_app');
  if (p.business_app !== ctx.state.appId) {
    return graphError({ code: 100, message: '(#100) The app is not installed for this system user (business_app)' });
  }
  const scopes = p.scope !== undefined ? splitList(p.scope) : undefined;
  const expiring = p.set_token_expires_in_60_days === 'true';
  const rec = ctx.state.issueSystemUser({ expiring, scopes, id: systemUserId });
  return ok({ access_token: rec.token });
}
