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
  USAGE_WARN_PERCENT, appSecretProof, backoffDelayMs, isAppOrClientToken, isRetryable, logTarget, rateLimitWaitMs,
} from './policy.js';
import { highestUsage, parseUsageHeaders } from './usage.js';

import type {
  GraphClient, GraphClientOptions, GraphRequest, GraphResponse, GraphStats, HttpMethod, QueryValue, UsageFigure,
} from './types.js';

export { DEFAULT_MAX_BODY_BYTES, DEFAULT_RATE_LIMIT_WAIT_MS, appSecretProof, isAppOrClientToken, isRetryable } from './policy.js';

interface Exchange {
  method: HttpMethod;
  url: URL;
  form?: URLSearchParams;
  retry: boolean;
  signal?: AbortSignal;
}

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const { clock, appSecret } = options;
  const ownAgent = options.dispatcher ? undefined : new Agent({ keepAliveTimeout: 30_000, connections: 16 });
  const dispatcher = options.dispatcher ?? ownAgent!;
  const maxRetries = options.maxRetries ?? 3;
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
    registerSecret(token);
    params.set('access_token', token);
    params.delete('appsecret_proof');
    if (proof !== false && appSecret && !isAppOrClientToken(token)) params.set('appsecret_proof', appSecretProof(token, appSecret));
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
    let satOut = false;
    for (;;) {
      ex.signal?.throwIfAborted();
      stats.requests++;
      const started = performance.now();
      const outcome = await sendAttempt({
        method: ex.method, url: ex.url, form: ex.form, timeoutMs: options.timeoutMs, dispatcher,
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
        const waitMs = rateLimitWaitMs(usage);
        if (ex.retry && !satOut && waitMs <= options.maxWaitMs) {
          satOut = true;
          options.log?.(`${head} rate limited, waiting ${formatSpan(waitMs)}`);
          options.warn?.(`Facebook rate-limited fbtok; waiting ${formatSpan(waitMs)} before one more try.`);
          await clock.sleep(waitMs, ex.signal);
          continue;
        }
        options.log?.(head);
        throw error.with(`${error.message}. Rate limited: wait about ${formatSpan(waitMs)} before trying again.`, {
          retryAfterMs: waitMs,
        });
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
    let form: URLSearchParams | undefined;
    if (method === 'POST') {
      form = new URLSearchParams(formString(req.form ?? {}));
      addAuth(form, req.token, req.proof);
    } else {
      addAuth(url.searchParams, req.token, req.proof);
    }
    return (await exchange({ method, url, form, retry: req.retry !== false, signal: req.signal })) as GraphResponse<T>;
  }

  /** A paging.next link: same origin only (it carries the token), with a fresh appsecret_proof. */
  function nextUrl(link: string, req: GraphRequest): URL {
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
    addAuth(url.searchParams, url.searchParams.get('access_token') ?? req.token, req.proof);
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
      const url = nextUrl(link, req);
      page = (await exchange({ method: 'GET', url, retry: req.retry !== false, signal: req.signal })).data;
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
