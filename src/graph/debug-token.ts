// What Facebook knows about a token: validity, type, app, scopes, expiry.
// https://developers.facebook.com/docs/graph-api/reference/debug_token
import type { GraphClient, GraphResponse } from './types.js';
import { parseItem, toWire } from './batch.js';
import { GraphError, isGraphError } from './graph-error.js';
import { num, record, secondsToMs, str, strings } from './json.js';
import { ExitCode } from '../errors.js';
import { redact } from '../util/redact.js';
import { cutForeign } from './foreign-text.js';

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
  'debug_token needs a valid app token: check the app id and app secret (`fbtok config`, FBTOK_APP_SECRET).';

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
    return parseTokenInfo((await requestDebugToken(graph, options)).data);
  } catch (error) {
    throw appTokenProblem(error);
  }
}

/** Clients whose Graph refused `POST /debug_token`: they go straight to the batch form. */
const postRefused = new WeakSet<GraphClient>();

/**
 * debug_token with both tokens in a POST body, never in a URL (the app token holds the app secret).
 * `POST /debug_token` is unsure on Graph (graph-api-facts); when refused as an unsupported request, the
 * same call goes as a batch of one, which Graph runs from a POST body (sure). The answer is debug_token's
 * own (`{data: {...}}`); errors are thrown as the client throws them.
 */
export async function requestDebugToken(
  graph: GraphClient,
  options: { appToken?: string; inputToken?: string; retry?: boolean },
): Promise<GraphResponse<unknown>> {
  const { appToken, inputToken, retry } = options;
  if (!postRefused.has(graph)) {
    try {
      return await graph.request<unknown>({ method: 'POST', path: '/debug_token', form: { input_token: inputToken }, token: appToken, retry });
    } catch (error) {
      if (!isUnsupportedPost(error)) throw error;
      postRefused.add(graph);
    }
  }
  const item = toWire({ method: 'GET', relativeUrl: `debug_token?input_token=${encodeURIComponent(inputToken ?? '')}` });
  const res = await graph.request<unknown>({
    method: 'POST', path: '/', form: { batch: JSON.stringify([item]), include_headers: 'false' }, token: appToken, retry,
  });
  const answer = Array.isArray(res.data) ? (res.data[0] as unknown) : undefined;
  if (answer === undefined) throw GraphError.unexpected('debug_token (in a batch)', res.status);
  if (answer === null) {
    throw new GraphError("debug_token timed out on Facebook's side.", { kind: 'timeout', code: 'GRAPH_BATCH_ITEM_TIMEOUT', isTransient: true });
  }
  const result = parseItem<unknown>(answer);
  if (!result.ok) throw result.error;
  return { ...res, status: result.status, data: result.data };
}

/** Graph's "Unsupported post request" (100/33), or a bare 405. */
function isUnsupportedPost(error: unknown): boolean {
  if (!isGraphError(error)) return false;
  if (error.status === 405) return true;
  return error.kind === 'graph' && error.graphCode === 100 && (error.subcode === 33 || /unsupported post/i.test(error.message));
}

/** Many tokens in batches of 50; results in input order. Any item error is thrown (it is systemic). */
export async function debugTokens(graph: GraphClient, options: { appToken: string; inputTokens: readonly string[]; signal?: AbortSignal }): Promise<TokenInfo[]> {
  const results = await graph.batch<unknown>(
    options.inputTokens.map((token) => ({
      method: 'GET' as const,
      relativeUrl: `debug_token?input_token=${encodeURIComponent(token)}`,
    })),
    { token: options.appToken, signal: options.signal },
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
          message: typeof error.message === 'string' ? cutForeign(redact(error.message)) : 'Invalid token.',
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
