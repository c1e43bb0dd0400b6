// GET /debug_token (https://developers.facebook.com/docs/graph-api/reference/debug_token) and its three
// failure shapes: top-level envelope (bad caller token), is_valid:false with data.error, malformed input.
import { authenticate } from './auth.js';
import type { Ctx } from './context.js';
import { graphError, missingParam, ok, type Reply } from './errors.js';
import type { EmulatorState } from './state.js';
import type { TokenRecord } from './tokens.js';

export const APPLICATION_NAME = 'Emulated App';

const callerError = () =>
  graphError({ code: 190, message: '(#190) You must provide an app access token, or a user access token that is an owner or developer of the app' });

function granularScopes(state: EmulatorState, rec: TokenRecord): Array<{ scope: string; target_ids?: string[] }> {
  let targets: string[] | undefined;
  return rec.scopes.map((scope) => {
    if (!scope.startsWith('pages_')) return { scope };
    targets ??= rec.type === 'PAGE' ? [rec.pageId!] : state.managedPages().map((p) => p.id);
    return { scope, target_ids: targets };
  });
}

function describeRecord(state: EmulatorState, rec: TokenRecord): Record<string, unknown> {
  const problem = state.problem(rec);
  const data: Record<string, unknown> = {
    app_id: state.appId,
    type: rec.type,
    application: APPLICATION_NAME,
    data_access_expires_at: rec.dataAccessExpiresAt,
    expires_at: rec.expiresAt,
    is_valid: problem === null,
  };
  // Meta documents issued_at only for long-lived tokens; short-lived ones (and their Page tokens) omit it.
  if (rec.longLived) data.issued_at = rec.issuedAt;
  if (problem) data.error = { code: 190, message: problem.message, subcode: problem.subcode };
  data.metadata = rec.authType ? { auth_type: rec.authType } : {};
  data.scopes = [...rec.scopes];
  data.granular_scopes = granularScopes(state, rec);
  data.user_id = rec.userId;
  if (rec.type === 'PAGE') data.profile_id = rec.pageId;
  return data;
}

export function describeToken(state: EmulatorState, input: string): Record<string, unknown> {
  if (input === state.appToken()) {
    return { app_id: state.appId, type: 'APP', application: APPLICATION_NAME, is_valid: true, scopes: [] };
  }
  const rec = state.tokens.get(input);
  if (!rec) {
    return { error: { code: 190, message: 'Invalid OAuth access token - Cannot parse access token' }, is_valid: false, scopes: [] };
  }
  return describeRecord(state, rec);
}

/** GET /debug_token?input_token&access_token */
export function debugToken(ctx: Ctx): Reply {
  const selfCheck = selfCheckOfWrongSecret(ctx);
  if (selfCheck) return selfCheck;
  const caller = authenticate(ctx, ['APP', 'USER', 'SYSTEM_USER', 'PAGE'], {
    missing: callerError,
    wrongKind: callerError,
  });
  if ('status' in caller) return caller;
  if (!ctx.params.input_token) return missingParam('input_token');
  return ok({ data: describeToken(ctx.state, ctx.params.input_token) });
}

/**
 * The app token asking about itself with a wrong secret: some peers answer `is_valid: false` instead of the
 * envelope (never for anything else: a wrong caller token is always refused).
 */
function selfCheckOfWrongSecret(ctx: Ctx): Reply | undefined {
  const { access_token: caller, input_token: input } = ctx.params;
  const { state } = ctx;
  if (state.opts.wrongAppSecret !== 'is-valid-false' || !caller || caller !== input) return undefined;
  const [appId, secret] = caller.split('|');
  if (appId !== state.appId || secret === undefined || secret === state.appSecret || secret === state.clientToken) return undefined;
  return ok({ data: { error: { code: 190, message: 'Invalid OAuth access token signature.' }, is_valid: false, scopes: [] } });
}
