// GET/POST/DELETE /{page-id}/subscribed_apps
// (https://developers.facebook.com/docs/graph-api/reference/page/subscribed_apps).
import { authenticate } from './auth.js';
import type { Ctx } from './context.js';
import { splitList } from './context.js';
import { graphError, missingParam, missingPermission, ok, unsupportedRequest, type Reply } from './errors.js';
import { APPLICATION_NAME } from './debug-token.js';

const READ_TASKS = ['MANAGE', 'CREATE_CONTENT', 'MODERATE'];

const pageTokenRequired = () => graphError({ code: 210, message: '(#210) This call requires a Page access token.' });

function checkAccess(ctx: Ctx, pageId: string): Reply | null {
  const page = ctx.state.pagesById.get(pageId);
  if (!page) return unsupportedRequest(ctx.req.method, pageId);
  const who = authenticate(ctx, ['PAGE'], { wrongKind: pageTokenRequired });
  if ('status' in who) return who;
  if (!('rec' in who) || who.rec.pageId !== pageId) return unsupportedRequest(ctx.req.method, pageId);
  for (const scope of ['pages_manage_metadata', 'pages_show_list']) {
    if (!who.rec.scopes.includes(scope)) return missingPermission(scope);
  }
  if (!page.tasks.some((t) => READ_TASKS.includes(t))) {
    return graphError({ code: 200, message: '(#200) The user must have the MANAGE, CREATE_CONTENT or MODERATE task on the Page' });
  }
  return null;
}

/** /{page-id}/subscribed_apps for GET, POST and DELETE. */
export function subscribedApps(ctx: Ctx, pageId: string): Reply {
  const denied = checkAccess(ctx, pageId);
  if (denied) return denied;
  const { state } = ctx;
  if (ctx.req.method === 'POST') {
    const fields = splitList(ctx.params.subscribed_fields);
    if (fields.length === 0) return missingParam('subscribed_fields');
    state.subscriptions.set(pageId, fields);
    return ok({ success: true });
  }
  if (ctx.req.method === 'DELETE') {
    state.subscriptions.delete(pageId);
    return ok({ success: true });
  }
  const fields = state.subscriptions.get(pageId);
  return ok({ data: fields ? [{ id: state.appId, name: APPLICATION_NAME, subscribed_fields: [...fields] }] : [] });
}
