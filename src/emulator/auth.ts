// Who is calling: app, client, user, Page or system-user token, plus the appsecret_proof rule
// (https://developers.facebook.com/docs/graph-api/securing-requests#appsecret_proof).
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Ctx } from './context.js';
import { cannotParseToken, graphError, type Reply } from './errors.js';
import type { TokenRecord, TokenType } from './tokens.js';
import type { EmulatorState } from './state.js';

export type Principal =
  | { kind: 'APP' | 'CLIENT'; token: string }
  | { kind: TokenType; token: string; rec: TokenRecord };
export type Kind = Principal['kind'];

export interface AuthOptions {
  /** Answer when no access_token was sent. */
  missing?: () => Reply;
  /** Answer when the token is fine but of a kind this endpoint does not take. */
  wrongKind?: (kind: Kind) => Reply;
  /** Skip the appsecret_proof check (endpoints where the token is not the caller's identity). */
  skipProof?: boolean;
}

export const requiresToken = (): Reply =>
  graphError({ code: 104, message: 'An access token is required to request this resource.' });

export const activeTokenRequired = (): Reply =>
  graphError({ code: 2500, message: 'An active access token must be used to query information about the current user.' });

export function appSecretProof(token: string, secret: string): string {
  return createHmac('sha256', secret).update(token).digest('hex');
}

/** Classifies a token string; a Reply when it cannot be used at all. */
export function lookupToken(state: EmulatorState, token: string): Principal | Reply {
  const bar = token.indexOf('|');
  if (bar > 0) {
    if (token.slice(0, bar) !== state.appId) return cannotParseToken();
    const secret = token.slice(bar + 1);
    if (secret === state.appSecret) return { kind: 'APP', token };
    if (secret === state.clientToken) return { kind: 'CLIENT', token };
    return graphError({ code: 190, message: 'Invalid OAuth access token signature.' });
  }
  const rec = state.tokens.get(token);
  if (!rec) return cannotParseToken();
  const problem = state.problem(rec);
  if (problem) return graphError({ code: 190, subcode: problem.subcode, message: problem.message });
  return { kind: rec.type, token, rec };
}

export function checkProof(ctx: Ctx, token: string): Reply | null {
  const proof = ctx.params.appsecret_proof;
  if (!proof) {
    return graphError({ code: 100, type: 'GraphMethodException', message: 'API calls from the server require an appsecret_proof argument' });
  }
  const want = Buffer.from(appSecretProof(token, ctx.state.appSecret));
  const got = Buffer.from(proof.toLowerCase());
  if (got.length !== want.length || !timingSafeEqual(got, want)) {
    return graphError({ code: 100, type: 'GraphMethodException', message: 'Invalid appsecret_proof provided in the API argument' });
  }
  return null;
}

export function authenticate(ctx: Ctx, allowed: Kind[], o: AuthOptions = {}): Principal | Reply {
  const token = ctx.params.access_token;
  if (!token) return (o.missing ?? requiresToken)();
  const who = lookupToken(ctx.state, token);
  if ('status' in who) return who;
  if (!allowed.includes(who.kind)) {
    if (o.wrongKind) return o.wrongKind(who.kind);
    if (who.kind === 'CLIENT') {
      return graphError({ code: 190, message: 'Invalid OAuth access token - a client token can only be used for device login' });
    }
    return graphError({ code: 100, message: `(#100) This endpoint does not accept ${who.kind} access tokens` });
  }
  // A proof that is sent is checked whatever the app setting ("Require App Secret" only makes it mandatory).
  const checked = !o.skipProof && who.kind !== 'APP' && who.kind !== 'CLIENT';
  const needsProof = checked && (ctx.state.opts.requireAppSecretProof || ctx.params.appsecret_proof !== undefined);
  const bad = needsProof ? checkProof(ctx, token) : null;
  return bad ?? who;
}

