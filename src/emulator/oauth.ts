// GET /oauth/access_token grants (code, fb_exchange_token, client_credentials) and /oauth/revoke.
// https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived
import { createHash } from 'node:crypto';
import { lookupToken } from './auth.js';
import type { Ctx } from './context.js';
import { appIdError, clientSecretError, graphError, missingParam, ok, type Reply } from './errors.js';
import type { EmulatorState } from './state.js';
import type { TokenRecord } from './tokens.js';

function checkClient(ctx: Ctx, requireSecret: boolean): Reply | null {
  const { client_id: id, client_secret: secret } = ctx.params;
  if (!id) return graphError({ code: 101, message: 'Missing client_id parameter.' });
  if (id !== ctx.state.appId) return appIdError();
  if (secret !== undefined && secret !== ctx.state.appSecret) return clientSecretError();
  if (requireSecret && secret === undefined) return graphError({ code: 1, message: 'Missing client_secret parameter.' });
  return null;
}

function tokenReply(state: EmulatorState, rec: TokenRecord): Reply {
  const body: Record<string, unknown> = { access_token: rec.token, token_type: 'bearer' };
  if (rec.expiresAt !== 0) body.expires_in = Math.max(0, rec.expiresAt - state.nowSec());
  return ok(body);
}

function challengeOf(verifier: string, method: string | undefined): string {
  return method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
}

function exchangeCode(ctx: Ctx): Reply {
  const { state, params: p } = ctx;
  const bad = checkClient(ctx, false);
  if (bad) return bad;
  if (!p.redirect_uri) return graphError({ code: 100, message: 'Missing redirect_uri parameter.' });
  const code = state.codes.get(p.code);
  if (!code) return graphError({ code: 100, message: 'Invalid verification code format.' });
  if (code.used) return graphError({ code: 100, subcode: 36009, message: 'This authorization code has been used.' });
  if (state.now() >= code.expiresAtMs) {
    return graphError({ code: 100, subcode: 36007, message: 'This authorization code has expired.' });
  }
  if (p.redirect_uri !== code.redirectUri) {
    return graphError({
      code: 100, subcode: 36008,
      message: 'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
    });
  }
  if (code.challenge !== undefined) {
    if (!p.code_verifier) return graphError({ code: 100, message: 'Missing code_verifier: this code was issued with a code_challenge.' });
    if (challengeOf(p.code_verifier, code.challengeMethod) !== code.challenge) {
      // 36010: what an injected or intercepted code produces (the issue that asked for it names the subcode).
      return graphError({ code: 100, subcode: 36010, message: 'Invalid code_verifier: it does not match the code_challenge sent to the login dialog.' });
    }
  } else if (p.client_secret === undefined) {
    return graphError({ code: 1, message: 'Missing client_secret parameter.' });
  }
  code.used = true;
  return tokenReply(state, state.issueUser({ lifetime: state.opts.codeExchangeLifetime, scopes: code.scopes, authType: code.authType }));
}

function exchangeToken(ctx: Ctx): Reply {
  const { state, params: p } = ctx;
  const bad = checkClient(ctx, true);
  if (bad) return bad;
  if (!p.fb_exchange_token) return missingParam('fb_exchange_token');
  const who = lookupToken(state, p.fb_exchange_token);
  if ('status' in who) return who;
  if (!('rec' in who)) {
    return graphError({ code: 100, message: '(#100) fb_exchange_token must be a user or system user access token' });
  }
  const rec = who.rec;
  if (rec.type === 'USER' && (!rec.longLived || state.opts.extendLongLivedOnExchange)) {
    return tokenReply(state, state.issueUser({ lifetime: 'long', scopes: rec.scopes, authType: rec.authType }));
  }
  if (rec.type === 'SYSTEM_USER' && rec.expiresAt !== 0 && p.set_token_expires_in_60_days === 'true') {
    return tokenReply(state, state.issueSystemUser({ expiring: true, scopes: rec.scopes, id: rec.userId }));
  }
  // Meta: an already long-lived token is passed back "without altering or extending the expiration time".
  return tokenReply(state, rec);
}

/** GET|POST /oauth/access_token */
export function accessToken(ctx: Ctx): Reply {
  const grant = ctx.params.grant_type;
  if (grant === 'fb_exchange_token') return exchangeToken(ctx);
  if (grant === 'client_credentials') {
    const bad = checkClient(ctx, true);
    return bad ?? ok({ access_token: ctx.state.appToken(), token_type: 'bearer' });
  }
  if (grant && grant !== 'authorization_code') {
    return graphError({ code: 100, message: `Unsupported grant_type: ${grant}` });
  }
  if (ctx.params.code === undefined) return graphError({ code: 100, message: 'Missing authorization code' });
  return exchangeCode(ctx);
}

/** GET|POST /oauth/revoke?client_id&client_secret&revoke_token&access_token */
export function revokeToken(ctx: Ctx): Reply {
  const { state, params: p } = ctx;
  const bad = checkClient(ctx, true);
  if (bad) return bad;
  if (!p.revoke_token) return missingParam('revoke_token');
  if (p.access_token) {
    const caller = lookupToken(state, p.access_token);
    if ('status' in caller) return caller;
  }
  const rec = state.tokens.get(p.revoke_token);
  if (!rec) return graphError({ code: 190, message: 'Invalid OAuth access token - Cannot parse access token' });
  rec.revoked ??= { subcode: 466 };
  return ok({ success: true });
}
