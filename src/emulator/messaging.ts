// What a Messenger bot calls: GET /{page-id}/conversations and the Send API (POST /me/messages or
// /{page-id}/messages), with Page tokens only. Without pages_messaging they answer the permission errors
// Graph sends (facts: "Send API"); conversations answers (#10), the Send API (#200), so both codes are seen.
import { randomBytes } from 'node:crypto';
import { authenticate } from './auth.js';
import type { Ctx } from './context.js';
import { graphError, missingParam, ok, unsupportedRequest, type Reply } from './errors.js';

const CONVERSATIONS_PER_PAGE = 3;
const DEFAULT_LIMIT = 25;

function pageCaller(ctx: Ctx, pageId: string | undefined): { pageId: string; scopes: string[] } | Reply {
  const who = authenticate(ctx, ['PAGE'], {
    wrongKind: () => graphError({ code: 190, message: '(#190) This method must be called with a Page Access Token' }),
  });
  if ('status' in who) return who;
  if (!('rec' in who) || !who.rec.pageId) return unsupportedRequest(ctx.req.method, pageId ?? 'me');
  if (pageId !== undefined && pageId !== 'me' && pageId !== who.rec.pageId) return unsupportedRequest(ctx.req.method, pageId);
  return { pageId: who.rec.pageId, scopes: who.rec.scopes };
}

/** GET /{page-id}/conversations: a few fixed threads per Page, cursor-paged like /me/accounts. */
export function conversations(ctx: Ctx, pageId: string): Reply {
  const caller = pageCaller(ctx, pageId);
  if ('status' in caller) return caller;
  if (!caller.scopes.includes('pages_messaging')) {
    return graphError({ code: 10, type: 'OAuthException', message: '(#10) This endpoint requires the pages_messaging permission.' });
  }
  const all = Array.from({ length: CONVERSATIONS_PER_PAGE }, (_, i) => ({
    id: `t_${caller.pageId}${i + 1}`,
    updated_time: new Date(Date.UTC(2026, 10, 1 + i)).toISOString().replace('.000Z', '+0000'),
    message_count: i + 1,
  }));
  const limit = Math.max(1, Math.min(Number.parseInt(ctx.params.limit ?? '', 10) || DEFAULT_LIMIT, 100));
  const start = ctx.params.after ? Number.parseInt(Buffer.from(ctx.params.after, 'base64url').toString(), 10) + 1 : 0;
  const data = all.slice(start, start + limit);
  if (data.length === 0) return ok({ data });
  const last = start + data.length - 1;
  const cursors = { before: Buffer.from(String(start)).toString('base64url'), after: Buffer.from(String(last)).toString('base64url') };
  const paging: Record<string, unknown> = { cursors };
  if (last < all.length - 1) {
    const params = new URLSearchParams(ctx.req.query);
    params.set('limit', String(limit));
    params.set('after', cursors.after);
    paging.next = `${ctx.state.url}${ctx.req.versionPrefix}${ctx.req.path}?${params}`;
  }
  return ok({ data, paging });
}

/** POST /me/messages and POST /{page-id}/messages (Send API). */
export function sendMessage(ctx: Ctx, pageId: string): Reply {
  const caller = pageCaller(ctx, pageId);
  if ('status' in caller) return caller;
  if (!caller.scopes.includes('pages_messaging')) {
    return graphError({ code: 200, type: 'OAuthException', message: '(#200) This endpoint requires the pages_messaging permission to send messages.' });
  }
  const recipient = parseJson(ctx.params.recipient);
  if (!ctx.params.recipient) return missingParam('recipient');
  if (!ctx.params.message) return missingParam('message');
  const id = recipient && typeof recipient === 'object' && 'id' in recipient ? String((recipient as { id: unknown }).id) : undefined;
  if (!id) return graphError({ code: 100, message: '(#100) param recipient must be non-empty.' });
  return ok({ recipient_id: id, message_id: `m_${randomBytes(12).toString('base64url')}` });
}

function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
