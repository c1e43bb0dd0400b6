// The Login dialog (https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow):
// auto-approve, an HTML consent page, or a denial, always ending in a 302 to redirect_uri.
import type { Ctx } from './context.js';
import { splitList } from './context.js';
import type { Reply } from './errors.js';
import { randomBase62 } from './tokens.js';

const CODE_TTL_MS = 10 * 60 * 1000;
const DIALOG_PARAMS = ['client_id', 'redirect_uri', 'state', 'scope', 'response_type', 'auth_type', 'config_id', 'code_challenge', 'code_challenge_method'];

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function htmlPage(status: number, title: string, inner: string): Reply {
  const raw = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${inner}</body></html>`;
  return { status, raw, contentType: 'text/html; charset=utf-8' };
}

function redirect(target: string, params: Record<string, string>, fragment = '_=_'): Reply {
  const qs = new URLSearchParams(params).toString();
  const location = `${target}${target.includes('?') ? '&' : '?'}${qs}#${fragment}`;
  return { status: 302, raw: '', contentType: 'text/html; charset=utf-8', headers: { Location: location } };
}

function validate(ctx: Ctx): Reply | null {
  const p = ctx.params;
  if (p.client_id !== ctx.state.appId) {
    return htmlPage(400, 'Error', '<h1>Invalid App ID</h1><p>The provided app ID does not look like a valid app ID.</p>');
  }
  if (!p.redirect_uri || !URL.canParse(p.redirect_uri)) {
    return htmlPage(400, 'Error', '<h1>URL blocked</h1><p>This redirect failed because the redirect URI is missing or not valid.</p>');
  }
  if (p.code_challenge && p.code_challenge_method && !['S256', 'plain'].includes(p.code_challenge_method)) {
    return htmlPage(400, 'Error', '<h1>Invalid code_challenge_method</h1><p>Use S256 or plain.</p>');
  }
  return null;
}

function deny(p: Record<string, string>): Reply {
  return redirect(p.redirect_uri, {
    error: 'access_denied', error_code: '200', error_description: 'Permissions error', error_reason: 'user_denied',
    ...(p.state !== undefined ? { state: p.state } : {}),
  });
}

function approve(ctx: Ctx): Reply {
  const p = ctx.params;
  const { state } = ctx;
  const scopes = state.grant(splitList(p.scope), p.auth_type === 'rerequest');
  const authType = p.auth_type || undefined;
  const withState: Record<string, string> = p.state !== undefined ? { state: p.state } : {};
  if (p.response_type === 'token') {
    const rec = state.issueUser({ lifetime: state.opts.codeExchangeLifetime, scopes, authType });
    const fragment = new URLSearchParams({
      access_token: rec.token, data_access_expiration_time: String(rec.dataAccessExpiresAt),
      expires_in: String(rec.expiresAt - state.nowSec()), ...withState,
    });
    return redirect(p.redirect_uri, {}, fragment.toString());
  }
  const code = 'AQ' + randomBase62(160);
  state.codes.set(code, {
    code, clientId: p.client_id, redirectUri: p.redirect_uri, scopes, used: false, authType,
    expiresAtMs: state.now() + CODE_TTL_MS,
    challenge: p.code_challenge || undefined,
    challengeMethod: p.code_challenge ? p.code_challenge_method || 'plain' : undefined,
  });
  return redirect(p.redirect_uri, { code, ...withState });
}

function consentPage(ctx: Ctx): Reply {
  const hidden = DIALOG_PARAMS.filter((k) => ctx.params[k] !== undefined)
    .map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(ctx.params[k])}">`).join('');
  const name = escapeHtml(ctx.state.user.name);
  const scopes = escapeHtml(splitList(ctx.params.scope).join(', ') || 'public_profile');
  return htmlPage(200, 'Log in with Facebook', `<h1>Emulated App is requesting access</h1><p>Permissions: ${scopes}</p>` +
    `<form method="post" action="${ctx.req.versionPrefix}/dialog/oauth/confirm">${hidden}` +
    `<button id="approve" type="submit" name="decision" value="approve">Continue as ${name}</button>` +
    `<button id="deny" type="submit" name="decision" value="deny">Cancel</button></form>`);
}

/** GET /dialog/oauth */
export function loginDialog(ctx: Ctx): Reply {
  const invalid = validate(ctx);
  if (invalid) return invalid;
  const mode = ctx.state.opts.dialog;
  if (mode === 'deny') return deny(ctx.params);
  return mode === 'page' ? consentPage(ctx) : approve(ctx);
}

/** GET or POST /dialog/oauth/confirm: the consent page's buttons. */
export function confirmDialog(ctx: Ctx): Reply {
  const invalid = validate(ctx);
  if (invalid) return invalid;
  return ctx.params.decision === 'approve' ? approve(ctx) : deny(ctx.params);
}
