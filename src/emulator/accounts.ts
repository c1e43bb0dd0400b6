// GET /me/accounts (https://developers.facebook.com/docs/graph-api/reference/user/accounts) with cursor
// paging; `paging.next` is an absolute URL carrying the access token, as Graph sends it.
import { authenticate } from './auth.js';
import type { Ctx } from './context.js';
import { missingPermission, nonexistingField, ok, unsupportedRequest, type Reply } from './errors.js';
import { PAGE_FIELDS, pageField, pick, requestedFields } from './nodes.js';
import type { EmulatorState } from './state.js';
import type { EmulatorPage } from './types.js';

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;

const encodeCursor = (id: string) => Buffer.from(id).toString('base64url');
const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString();

function parseLimit(raw: string | undefined): number {
  const n = Number.parseInt(raw ?? '', 10);
  return Number.isFinite(n) && n > 0 ? Math.min(n, MAX_LIMIT) : DEFAULT_LIMIT;
}

interface Window { items: EmulatorPage[]; hasBefore: boolean; hasAfter: boolean }

/** Walks the Page list from a cursor, skipping Pages the user lost the role on; O(limit) when roles are intact. */
function windowOf(state: EmulatorState, limit: number, after?: string, before?: string): Window {
  const all = state.pages;
  const managedFrom = (i: number, step: 1 | -1) => {
    for (; i >= 0 && i < all.length; i += step) if (state.hasRole(all[i].id)) return i;
    return -1;
  };
  const items: EmulatorPage[] = [];
  if (before !== undefined) {
    let i = (state.pageIndex.get(decodeCursor(before)) ?? all.length) - 1;
    while (items.length < limit && (i = managedFrom(i, -1)) >= 0) items.unshift(all[i--]);
    return { items, hasBefore: managedFrom(i, -1) >= 0, hasAfter: true };
  }
  let i = after === undefined ? 0 : (state.pageIndex.get(decodeCursor(after)) ?? all.length) + 1;
  const first = managedFrom(i, 1);
  while (items.length < limit && (i = managedFrom(i, 1)) >= 0) items.push(all[i++]);
  return { items, hasBefore: first >= 0 && managedFrom(first - 1, -1) >= 0, hasAfter: i >= 0 && managedFrom(i, 1) >= 0 };
}

function pageUrl(ctx: Ctx, cursor: Record<string, string>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(ctx.req.query)) if (k !== 'after' && k !== 'before') params.set(k, v);
  if (!params.has('access_token')) params.set('access_token', ctx.params.access_token);
  params.set('limit', String(parseLimit(ctx.params.limit)));
  for (const [k, v] of Object.entries(cursor)) params.set(k, v);
  return `${ctx.state.url}${ctx.req.versionPrefix}${ctx.req.path}?${params}`;
}

/** GET /me/accounts and GET /{user-id}/accounts */
export function accounts(ctx: Ctx, userId?: string): Reply {
  const who = authenticate(ctx, ['USER', 'SYSTEM_USER', 'PAGE']);
  if ('status' in who) return who;
  if (who.kind === 'PAGE') return nonexistingField('accounts', 'Page');
  if (!('rec' in who)) return unsupportedRequest(ctx.req.method, userId ?? 'me');
  const rec = who.rec;
  if (userId !== undefined && userId !== rec.userId) return unsupportedRequest(ctx.req.method, userId);
  if (!rec.scopes.includes('pages_show_list')) return missingPermission('pages_show_list');
  const fields = requestedFields(ctx.params.fields, PAGE_FIELDS, PAGE_FIELDS, 'Page');
  if (!Array.isArray(fields)) return fields;
  const { state, params } = ctx;
  const win = windowOf(state, parseLimit(params.limit), params.after, params.before);
  const data = win.items.map((page) => pick(fields, (f) => pageField(page, f, () => state.pageToken(rec, page.id).token)));
  if (win.items.length === 0) return ok({ data });
  const cursors = { before: encodeCursor(win.items[0].id), after: encodeCursor(win.items[win.items.length - 1].id) };
  const paging: Record<string, unknown> = { cursors };
  if (win.hasBefore) paging.previous = pageUrl(ctx, { before: cursors.before });
  if (win.hasAfter) paging.next = pageUrl(ctx, { after: cursors.after });
  return ok({ data, paging });
}
