// The one HTTP choke point for the Graph API: URL and version, user agent, access_token and
// appsecret_proof, per-attempt timeouts, retries, rate-limit waits, usage headers and the request log.
import { Agent } from 'undici';
import { formatSpan } from '../util/duration.js';
import { clause } from '../util/sentence.js';
import { registerSecret } from '../util/redact.js';
import { sendAttempt } from './attempt.js';
import { formString, runBatch, type WireItem } from './batch.js';
import { GraphError } from './graph-error.js';
import {
  DEFAULT_MAX_WAIT_MS, USAGE_WARN_PERCENT, appSecretProof, backoffDelayMs, isAppOrClientToken, isRetryable, logTarget,
  rateLimitMessage, rateLimitStep, regainAccessMs,
} from './policy.js';
import { highestUsage, parseUsageHeaders } from './usage.js';

import type {
  GraphClient, GraphClientOptions, GraphRequest, GraphResponse, GraphStats, HttpMethod, QueryValue, UsageFigure,
} from './types.js';

export { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_WAIT_MS, appSecretProof, isAppOrClientToken, isRetryable } from './policy.js';

interface Exchange {
  method: HttpMethod;
  url: URL;
  form?: URLSearchParams;
  /** A token sent in the Authorization header (GET and DELETE), so it stays out of URLs. */
  authorization?: string;
  retry: boolean;
  signal?: AbortSignal;
}

/**
 * What a peer that ignores the Authorization header answers: 104 "An access token is required to request
 * this resource", or for /me 2500 "An active access token must be used to query information about the
 * current user".
 */
const TOKEN_REQUIRED_CODES = new Set([104, 2500]);

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const { clock, appSecret } = options;
  const ownAgent = options.dispatcher ? undefined : new Agent({ keepAliveTimeout: 30_000, connections: 16 });
  const dispatcher = options.dispatcher ?? ownAgent!;
  const maxRetries = options.maxRetries ?? 3;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const sitOut = options.sitOut ?? (async (ms: number, label: (left: string) => string, signal?: AbortSignal) => {
    options.warn?.(label(formatSpan(ms)));
    await clock.sleep(ms, signal);
  });
  // Set once a peer ignored the Authorization header (see sendWithToken); then tokens go in the query.
  let headerRefused = false;
  const random = options.random ?? Math.random;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const origin = new URL(baseUrl).origin;
  const stats: GraphStats = { requests: 0 };
  let warnedUsage = false;
  // Whatever Facebook echoes back (messages quoting the secret or token) is scrubbed by exact match too.
  registerSecret(appSecret);

  /** access_token and (for user, Page and system-user tokens) appsecret_proof, recomputed per token. */
  function addAuth(params: URLSearchParams, token: string | undefined, proof: boolean | undefined): void {
    if (!token) return;
    params.set('access_token', token);
    addProof(params, token, proof);
  }

  /**
   * appsecret_proof stays in the query (where Graph documents it) even when the token does not: it is an
   * HMAC of the token, useless without the token itself.
   */
  function addProof(params: URLSearchParams, token: string, proof: boolean | undefined): void {
    registerSecret(token);
    params.delete('appsecret_proof');
    if (proof !== false && appSecret && !isAppOrClientToken(token)) params.set('appsecret_proof', appSecretProof(token, appSecret));
  }

  /**
   * GET and DELETE carry the token in `Authorization: OAuth <token>`, never in the URL that proxies and
   * access logs record. Graph accepts the header (graph-api-facts: fairly sure, not documented): a peer
   * that answers "access token required" ignored it, and then, for this run, the token goes in the
   * query as Graph's own documentation shows; the warning says so.
   */
  async function sendWithToken(ex: Exchange, token: string | undefined, proof: boolean | undefined): Promise<GraphResponse<unknown>> {
    if (!token || headerRefused) {
      addAuth(ex.url.searchParams, token, proof);
      return exchange(ex);
    }
    addProof(ex.url.searchParams, token, proof);
    try {
      return await exchange({ ...ex, authorization: token });
    } catch (error) {
      if (!(error instanceof GraphError) || error.kind !== 'graph' || !TOKEN_REQUIRED_CODES.has(error.graphCode ?? 0)) throw error;
      headerRefused = true;
      options.warn?.(`${origin} ignored the access token in the Authorization header; for the rest of this run fbtok sends it in the URL.`);
      addAuth(ex.url.searchParams, token, proof);
      return exchange(ex);
    }
  }

  function noteUsage(usage: UsageFigure[]): void {
    const top = highestUsage(usage);
    if (!top) return;
    if (!stats.maxUsage || top.percent > stats.maxUsage.percent) stats.maxUsage = { ...top };
    if (top.percent >= USAGE_WARN_PERCENT && !warnedUsage) {
      warnedUsage = true;
      options.warn?.(`Facebook rate-limit usage is at ${top.percent}% (${top.header}); slow down or calls will be throttled.`);
    }
  }

  const backoffMs = (failures: number) => backoffDelayMs(failures, random, options.retryBaseMs);

  async function exchange(ex: Exchange): Promise<GraphResponse<unknown>> {
    let failures = 0;
    let retried = false;
    let satOut = false;
    for (;;) {
      ex.signal?.throwIfAborted();
      stats.requests++;
      const started = performance.now();
      const outcome = await sendAttempt({
        method: ex.method, url: ex.url, form: ex.form, authorization: ex.authorization, timeoutMs: options.timeoutMs, dispatcher,
        userAgent: options.userAgent, signal: ex.signal, maxBodyBytes: options.maxBodyBytes,
      });
      const elapsed = Math.round(performance.now() - started);
      const usage = parseUsageHeaders(outcome.headers);
      noteUsage(usage);
      const head = `${ex.method} ${logTarget(ex.url)} ${outcome.status ?? outcome.error?.code ?? '-'} ${elapsed}ms`;
      const error = outcome.error;
      if (!error) {
        options.log?.(head);
        const date = Date.parse(outcome.headers.date ?? '');
        return {
          data: outcome.data, status: outcome.status ?? 0, headers: outcome.headers, usage,
          serverDate: Number.isNaN(date) ? undefined : date, receivedAt: clock.now(),
        };
      }
      if (error.kind === 'rate-limit') {
        const estimateMs = regainAccessMs(usage);
        const step = ex.retry
          ? rateLimitStep({ estimateMs, transient: error.isTransient, maxWaitMs, retried, satOut, backoffMs: backoffMs(1) })
          : { action: 'fail' as const, waitMs: estimateMs };
        if (step.action === 'retry') {
          retried = true;
          options.log?.(`${head} rate limited, retrying in ${(step.ms / 1000).toFixed(1)}s`);
          await clock.sleep(step.ms, ex.signal);
          continue;
        }
        if (step.action === 'sit-out') {
          satOut = true;
          options.log?.(`${head} rate limited, waiting ${formatSpan(step.ms)} (Facebook's estimate)`);
          await sitOut(step.ms, (left) => `Facebook rate-limited fbtok; waiting ${left} (its estimate) before one more try.`, ex.signal);
          continue;
        }
        options.log?.(head);
        throw error.with(rateLimitMessage(error.message, step.waitMs, maxWaitMs, retried || satOut), { retryAfterMs: step.waitMs ?? null });
      }
      if (ex.retry && isRetryable(error) && failures < maxRetries) {
        const delay = backoffMs(failures++);
        options.log?.(`${head} retrying in ${(delay / 1000).toFixed(1)}s`);
        const waiting = options.onWait?.(`A Graph call failed; retry in ${Math.ceil(delay / 1000)}s`);
        await clock.sleep(delay, ex.signal).finally(() => waiting?.stop());
        continue;
      }
      options.log?.(head);
      throw failures > 0 && isRetryable(error) ? error.with(`${clause(error.message)} (${failures + 1} attempts).`, {}) : error;
    }
  }

  function buildUrl(path: string, query: Record<string, QueryValue> | undefined): URL {
    const url = new URL(`${baseUrl}/${options.version}${path.startsWith('/') ? path : `/${path}`}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    return url;
  }

  async function request<T>(req: GraphRequest): Promise<GraphResponse<T>> {
    const method = req.method ?? 'GET';
    const url = buildUrl(req.path, method === 'POST' ? req.query : { ...req.query, ...req.form });
    const ex: Exchange = { method, url, retry: req.retry !== false, signal: req.signal };
    if (method === 'POST') {
      // Credentials (token, secrets, codes) travel in the body, never in the URL.
      ex.form = new URLSearchParams(formString(req.form ?? {}));
      addAuth(ex.form, req.token, req.proof);
      return (await exchange(ex)) as GraphResponse<T>;
    }
    return (await sendWithToken(ex, req.token, req.proof)) as GraphResponse<T>;
  }

  /**
   * A paging.next link: same origin only. Graph writes the access token into it; that copy is taken out of
   * the URL and sent like any other (header), with a fresh appsecret_proof.
   */
  function nextUrl(link: string): URL {
    let url: URL;
    try {
      url = new URL(link, baseUrl);
    } catch {
      throw GraphError.unexpected('a paging link');
    }
    if (url.origin !== origin) {
      throw new GraphError(`Facebook's paging link points to ${url.origin}, not ${origin}; fbtok will not send the token there.`, {
        kind: 'graph', code: 'GRAPH_BAD_PAGING_URL', exitCode: 6,
        remedy: 'Check the Graph URL setting (FBTOK_GRAPH_URL) and any proxy in between.',
      });
    }
    return url;
  }

  async function paginate<T>(req: GraphRequest): Promise<T[]> {
    const items: T[] = [];
    let page = (await request<unknown>(req)).data;
    const seen = new Set<string>();
    for (let pages = 1; ; pages++) {
      const record = isRecord(page) ? page : {};
      if (Array.isArray(record.data)) items.push(...(record.data as T[]));
      req.onPage?.(items.length, pages);
      const link = isRecord(record.paging) && typeof record.paging.next === 'string' ? record.paging.next : undefined;
      if (!link || seen.has(link)) return items;
      seen.add(link);
      const url = nextUrl(link);
      const token = url.searchParams.get('access_token') ?? req.token;
      url.searchParams.delete('access_token');
      page = (await sendWithToken({ method: 'GET', url, retry: req.retry !== false, signal: req.signal }, token, req.proof)).data;
    }
  }

  const client: GraphClient = {
    version: options.version,
    baseUrl,
    stats,
    request,
    paginate,
    batch: (items, { token, signal }) =>
      runBatch(items, {
        send: async (wire: WireItem[]) => {
          const res = await request<unknown>({
            method: 'POST', path: '/', token, signal, form: { batch: JSON.stringify(wire), include_headers: 'false' },
          });
          return res.data;
        },
        pause: (round) => clock.sleep(backoffMs(round), signal),
      }),
    close: async () => {
      await ownAgent?.close();
    },
  };
  return client;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
