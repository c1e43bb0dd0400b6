// What Facebook knows about a token: validity, type, app, scopes, expiry.
// https://developers.facebook.com/docs/graph-api/reference/debug_token
import type { GraphClient } from './types.js';
import { GraphError, isGraphError } from './graph-error.js';
import { num, record, secondsToMs, str, strings } from './json.js';
import { ExitCode } from '../errors.js';

export interface TokenInfo {
  valid: boolean;
  /** USER, PAGE, APP, SYSTEM_USER, ...: an open string. */
  type: string | null;
  appId: string | null;
  application: string | null;
  userId: string | null;
  /** The Page id for Page tokens. */
  profileId: string | null;
  scopes: string[];
  /** No targetIds = the scope applies to everything. */
  granularScopes: { scope: string; targetIds?: string[] }[];
  /** ms; only long-lived tokens report it. */
  issuedAt: number | null;
  /** ms; null = never (expires_at 0) or not reported. */
  expiresAt: number | null;
  dataAccessExpiresAt: number | null;
  /** Why the token is invalid (`subcode` in debug_token, `error_subcode` elsewhere). */
  error: { code: number | null; subcode: number | null; message: string } | null;
  metadata: Record<string, unknown> | null;
}

export const APP_TOKEN_REMEDY =
  'The app secret (or app id) is wrong: store the one from App settings > Basic with printf %s "$SECRET" | fbtok config set app-secret --stdin (FBTOK_APP_SECRET overrides it when set); check `fbtok config get app-id`.';

/**
 * The caller's own token failing (a top-level envelope) means the app token is bad: a configuration
 * error (exit 2), not the inspected token being dead (exit 3), which a new login would not fix.
 */
function appTokenProblem(error: unknown): unknown {
  if (isGraphError(error) && error.kind === 'graph' && error.graphCode !== null && error.graphCode !== 1 && error.graphCode !== 2) {
    const dead = error.exitCode === ExitCode.tokenInvalid;
    return error.withRemedy(APP_TOKEN_REMEDY, dead ? { exitCode: ExitCode.usage, code: 'APP_TOKEN_INVALID' } : {});
  }
  return error;
}

export async function debugToken(graph: GraphClient, options: { appToken: string; inputToken: string }): Promise<TokenInfo> {
  try {
    const res = await graph.request<unknown>({
      path: '/debug_token',
      query: { input_token: options.inputToken },
      token: options.appToken,
    });
    return parseTokenInfo(res.data);
  } catch (error) {
    throw appTokenProblem(error);
  }
}

/** Many tokens in batches of 50; results in input order. Any item error is thrown (it is systemic). */
export async function debugTokens(graph: GraphClient, options: { appToken: string; inputTokens: readonly string[] }): Promise<TokenInfo[]> {
  const results = await graph.batch<unknown>(
    options.inputTokens.map((token) => ({
      method: 'GET' as const,
      relativeUrl: `debug_token?input_token=${encodeURIComponent(token)}`,
    })),
    { token: options.appToken },
  );
  return results.map((result) => {
    if (!result.ok) throw appTokenProblem(result.error);
    return parseTokenInfo(result.data);
  });
}

/** Reads `{data: {...}}` in each of its shapes: valid, invalid with data.error, malformed with no app_id/type. */
export function parseTokenInfo(body: unknown): TokenInfo {
  const data = record(record(body)?.data);
  if (!data) throw GraphError.unexpected('debug_token');
  const error = record(data.error);
  return {
    valid: data.is_valid === true,
    type: str(data.type),
    appId: str(data.app_id),
    application: str(data.application),
    userId: str(data.user_id),
    profileId: str(data.profile_id),
    scopes: strings(data.scopes),
    granularScopes: granular(data.granular_scopes),
    issuedAt: secondsToMs(data.issued_at),
    expiresAt: secondsToMs(data.expires_at),
    dataAccessExpiresAt: secondsToMs(data.data_access_expires_at),
    error: error
      ? {
          code: num(error.code),
          subcode: num(error.subcode) ?? num(error.error_subcode),
          message: typeof error.message === 'string' ? error.message : 'Invalid token.',
        }
      : null,
    metadata: record(data.metadata) ?? null,
  };
}

function granular(value: unknown): TokenInfo['granularScopes'] {
  if (!Array.isArray(value)) return [];
  const out: TokenInfo['granularScopes'] = [];
  for (const item of value) {
    const entry = record(item);
    if (!entry || typeof entry.scope !== 'string') continue;
    out.push(Array.isArray(entry.target_ids) ? { scope: entry.scope, targetIds: entry.target_ids.map(String) } : { scope: entry.scope });
  }
  return out;
}
