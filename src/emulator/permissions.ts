// GET/DELETE /{user-id}/permissions[/{name}]
// (https://developers.facebook.com/docs/graph-api/reference/user/permissions).
import { authenticate } from './auth.js';
import type { Ctx } from './context.js';
import { ok, unsupportedRequest, type Reply } from './errors.js';

/** Resolves whose permissions a call is about: `me` needs a user token; an explicit id also takes the app token. */
function targetUser(ctx: Ctx, id: string): string | Reply {
  const who = authenticate(ctx, id === 'me' ? ['USER', 'SYSTEM_USER'] : ['USER', 'SYSTEM_USER', 'APP']);
  if ('status' in who) return who;
  const userId = id === 'me' && 'rec' in who ? who.rec.userId : id;
  if ('rec' in who && who.rec.userId !== userId) return unsupportedRequest(ctx.req.method, id);
  if (userId !== ctx.state.user.id && !('rec' in who)) return unsupportedRequest(ctx.req.method, id);
  return userId;
}

/** GET /{id}/permissions */
export function listPermissions(ctx: Ctx, id: string): Reply {
  const userId = targetUser(ctx, id);
  if (typeof userId !== 'string') return userId;
  const { state } = ctx;
  if (userId !== state.user.id) {
    const rec = state.tokens.get(ctx.params.access_token)!;
    return ok({ data: rec.scopes.map((permission) => ({ permission, status: 'granted' })) });
  }
  const data = [
    ...[...state.granted].map((permission) => ({ permission, status: 'granted' })),
    ...[...state.declined].map((permission) => ({ permission, status: 'declined' })),
  ];
  return ok({ data });
}

/** DELETE /{id}/permissions (de-authorize: every token of the user dies with 190/458) or one permission. */
export function deletePermissions(ctx: Ctx, id: string, permission?: string): Reply {
  const userId = targetUser(ctx, id);
  if (typeof userId !== 'string') return userId;
  const { state } = ctx;
  if (permission === undefined) {
    for (const rec of state.tokens.values()) if (rec.userId === userId) rec.revoked ??= { subcode: 458 };
    return ok({ success: true });
  }
  if (userId === state.user.id) state.granted.delete(permission);
  for (const rec of state.tokens.values()) {
    if (rec.userId === userId) rec.scopes = rec.scopes.filter((s) => s !== permission);
  }
  return ok({ success: true });
}
