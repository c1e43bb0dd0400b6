// GET /me and GET /{id}: the user, a system user or a Page, restricted to `fields`.
import { activeTokenRequired, authenticate } from './auth.js';
import type { Ctx } from './context.js';
import { splitList } from './context.js';
import { nonexistingField, ok, unsupportedRequest, type Reply } from './errors.js';
import type { EmulatorPage } from './types.js';
import type { EmulatorState } from './state.js';

export const PAGE_FIELDS = ['id', 'name', 'access_token', 'category', 'category_list', 'tasks'];
const USER_FIELDS = ['id', 'name'];

/** The requested fields, or the Graph error for the first field this node type does not have. */
export function requestedFields(
  fieldsParam: string | undefined, defaults: string[], allowed: string[], nodeType: string,
): string[] | Reply {
  const fields = fieldsParam ? splitList(fieldsParam) : defaults;
  const unknown = fields.find((f) => !allowed.includes(f));
  return unknown === undefined ? fields : nonexistingField(unknown, nodeType);
}

export function pick(fields: string[], value: (field: string) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = value(f);
    if (v !== undefined) out[f] = v;
  }
  return out;
}

export function pageField(page: EmulatorPage, field: string, token: () => string | undefined): unknown {
  switch (field) {
    case 'id': return page.id;
    case 'name': return page.name;
    case 'category': return page.category;
    case 'category_list': return [{ id: '2211', name: page.category }];
    case 'tasks': return [...page.tasks];
    case 'access_token': return token();
    default: return undefined;
  }
}

function userName(state: EmulatorState, id: string): string {
  return id === state.user.id ? state.user.name : 'Emulated System User';
}

function userReply(ctx: Ctx, id: string): Reply {
  const fields = requestedFields(ctx.params.fields, USER_FIELDS, USER_FIELDS, 'User');
  if (!Array.isArray(fields)) return fields;
  return ok(pick(fields, (f) => (f === 'id' ? id : userName(ctx.state, id))));
}

function pageReply(ctx: Ctx, page: EmulatorPage, token: () => string | undefined): Reply {
  const fields = requestedFields(ctx.params.fields, ['id', 'name'], PAGE_FIELDS, 'Page');
  if (!Array.isArray(fields)) return fields;
  return ok(pick(fields, (f) => pageField(page, f, token)));
}

/** GET /me */
export function me(ctx: Ctx): Reply {
  const who = authenticate(ctx, ['USER', 'PAGE', 'SYSTEM_USER'], { missing: activeTokenRequired, wrongKind: activeTokenRequired });
  if ('status' in who) return who;
  if (!('rec' in who)) return activeTokenRequired();
  const rec = who.rec;
  if (rec.type === 'PAGE') return pageReply(ctx, ctx.state.pagesById.get(rec.pageId!)!, () => rec.token);
  return userReply(ctx, rec.userId);
}

/** GET /{id}: a Page (its token when the caller's user manages it) or a user. */
export function node(ctx: Ctx, id: string): Reply {
  const who = authenticate(ctx, ['USER', 'PAGE', 'SYSTEM_USER', 'APP']);
  if ('status' in who) return who;
  const { state } = ctx;
  const page = state.pagesById.get(id);
  if (page) {
    if (who.kind === 'USER' || who.kind === 'SYSTEM_USER') {
      if (!state.hasRole(id)) return unsupportedRequest(ctx.req.method, id);
      return pageReply(ctx, page, () => state.pageToken(who.rec, id).token);
    }
    const own = who.kind === 'PAGE' && who.rec.pageId === id ? who.token : undefined;
    if (!own && splitList(ctx.params.fields).includes('access_token')) return unsupportedRequest(ctx.req.method, id);
    return pageReply(ctx, page, () => own);
  }
  const selfId = 'rec' in who ? who.rec.userId : undefined;
  if (id === state.user.id || id === selfId) return userReply(ctx, id);
  return unsupportedRequest(ctx.req.method, id);
}
