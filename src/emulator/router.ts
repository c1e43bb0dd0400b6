// Maps a version-less Graph path to its handler. Used for HTTP requests and for batch items alike.
import { accounts } from './accounts.js';
import { runBatch } from './batch.js';
import type { Ctx } from './context.js';
import { debugToken } from './debug-token.js';
import { deviceLogin, deviceLoginStatus } from './device.js';
import { confirmDialog, loginDialog } from './dialog.js';
import { unsupportedRequest, type Reply } from './errors.js';
import type { FaultQueue } from './faults.js';
import { conversations, sendMessage } from './messaging.js';
import { me, node } from './nodes.js';
import { accessToken, revokeToken } from './oauth.js';
import { deletePermissions, listPermissions } from './permissions.js';
import { subscribedApps } from './subscriptions.js';
import { systemUserAccessToken } from './system-users.js';

const OVERRIDABLE = ['GET', 'POST', 'DELETE'];

function fixed(key: string, method: string, ctx: Ctx): Reply | Promise<Reply> | undefined {
  switch (`${method} ${key}`) {
    case 'GET dialog/oauth': return loginDialog(ctx);
    case 'GET dialog/oauth/confirm': case 'POST dialog/oauth/confirm': return confirmDialog(ctx);
    case 'GET oauth/access_token': case 'POST oauth/access_token': return accessToken(ctx);
    case 'GET oauth/revoke': case 'POST oauth/revoke': return revokeToken(ctx);
    case 'GET debug_token': return debugToken(ctx);
    // Unsure on Graph (graph-api-facts): off, it answers as an unsupported request, like any unknown POST.
    case 'POST debug_token': return ctx.state.opts.debugTokenPost ? debugToken(ctx) : undefined;
    case 'POST device/login': return deviceLogin(ctx);
    case 'POST device/login_status': return deviceLoginStatus(ctx);
    default: return undefined;
  }
}

function byNode(seg: string[], method: string, ctx: Ctx): Reply | undefined {
  const [id, edge, name] = seg;
  if (seg.length === 1 && method === 'GET') return id === 'me' ? me(ctx) : node(ctx, id);
  if (seg.length === 2 && edge === 'accounts' && method === 'GET') return accounts(ctx, id === 'me' ? undefined : id);
  if (edge === 'permissions' && seg.length <= 3) {
    if (method === 'GET' && seg.length === 2) return listPermissions(ctx, id);
    if (method === 'DELETE') return deletePermissions(ctx, id, name);
  }
  if (seg.length === 2 && edge === 'conversations' && method === 'GET') return conversations(ctx, id);
  if (seg.length === 2 && edge === 'messages' && method === 'POST') return sendMessage(ctx, id);
  if (seg.length === 2 && edge === 'subscribed_apps') return subscribedApps(ctx, id);
  if (seg.length === 2 && edge === 'access_tokens' && method === 'POST') return systemUserAccessToken(ctx, id);
  return undefined;
}

export function createRouter(faults: FaultQueue): (ctx: Ctx) => Promise<Reply> {
  const route = async (ctx: Ctx): Promise<Reply> => {
    // Graph honours ?method=delete on GET/POST, which matters for clients that cannot send DELETE.
    const override = ctx.params.method?.toUpperCase();
    const method = override && OVERRIDABLE.includes(override) ? override : ctx.req.method;
    ctx = { ...ctx, req: { ...ctx.req, method } };
    const seg = ctx.req.path.split('/').filter(Boolean);
    if (seg.length === 0 && method === 'POST' && !ctx.inBatch) return runBatch(ctx, route, faults);
    const reply = fixed(seg.join('/'), method, ctx) ?? byNode(seg, method, ctx);
    return reply ?? unsupportedRequest(method, seg.join('/') || '/');
  };
  return route;
}
