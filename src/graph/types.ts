// The contract of the one Graph client. Implemented in client.ts; every Graph call goes through it.

export type HttpMethod = 'GET' | 'POST' | 'DELETE';
export type QueryValue = string | number | boolean | undefined | null;

export interface GraphRequest {
  method?: HttpMethod; // default GET
  /** Path under the version, e.g. '/me/accounts' or '/oauth/access_token'. */
  path: string;
  query?: Record<string, QueryValue>;
  /** Sent as application/x-www-form-urlencoded (POST). */
  form?: Record<string, QueryValue>;
  /** The access_token for this call. An app token (`id|secret`) gets no appsecret_proof. */
  token?: string;
  /** Add appsecret_proof when the app secret is known (default true). */
  proof?: boolean;
  /** Retry transient failures (default true; false for non-idempotent calls such as single-use code exchanges). */
  retry?: boolean;
  signal?: AbortSignal;
  /** paginate(): called after each page with the items and pages so far (progress on a terminal). */
  onPage?: (items: number, pages: number) => void;
}

export interface UsageFigure {
  header: string; // 'X-App-Usage', 'X-Business-Use-Case-Usage', ...
  /** Highest percentage in that header (0-100+). */
  percent: number;
  /** Minutes, when the server said how long until access comes back. */
  regainAccessMinutes?: number;
}

export interface GraphResponse<T> {
  data: T;
  status: number;
  headers: Record<string, string>;
  /** The server's Date header in ms, for expiry maths that ignore local clock skew. */
  serverDate?: number;
  /** clock.now() when the response arrived: the fallback when the server sent no Date. */
  receivedAt?: number;
  usage: UsageFigure[];
}

export interface BatchItem {
  method: HttpMethod;
  /** e.g. 'debug_token?input_token=...' (no leading version). */
  relativeUrl: string;
  body?: Record<string, QueryValue>;
  name?: string;
}

export type BatchResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; error: import('./graph-error.js').GraphError };

export interface GraphStats {
  /** HTTP requests actually sent (retries included). */
  requests: number;
  /** Highest usage percentage seen across every response. */
  maxUsage?: UsageFigure;
}

export interface GraphClient {
  readonly version: string;
  readonly baseUrl: string;
  readonly stats: GraphStats;
  request<T = unknown>(req: GraphRequest): Promise<GraphResponse<T>>;
  /** Follows `paging.next` to the end; returns every item of every page. */
  paginate<T = unknown>(req: GraphRequest): Promise<T[]>;
  /**
   * Runs any number of items in batches of at most 50 (the fallback token is `token`),
   * retrying null (timed-out) items; results in input order, per-item errors kept apart.
   */
  batch<T = unknown>(items: BatchItem[], options: { token: string; signal?: AbortSignal }): Promise<BatchResult<T>[]>;
  close(): Promise<void>;
}

export interface GraphClientOptions {
  /** e.g. 'https://graph.facebook.com' or the emulator's URL; no trailing slash. */
  baseUrl: string;
  /** e.g. 'v26.0'; every call is versioned. */
  version: string;
  /** When known, every call made with a non-app token carries appsecret_proof. */
  appSecret?: string;
  /** Per attempt. */
  timeoutMs: number;
  /** Longest rate-limit wait (Facebook's estimate) to sit out before failing with exit 5; default 5 minutes. */
  maxWaitMs?: number;
  /**
   * Sits out a rate-limit wait of `ms`; `label` describes it with the time left (a countdown on a terminal).
   * Default: one warning line, then clock.sleep.
   */
  sitOut?: (ms: number, label: (left: string) => string, signal?: AbortSignal) => Promise<void>;
  /** Retries of transient failures (default 3). */
  maxRetries?: number;
  /** Largest answer read, in bytes (default 32 MB); a larger one fails with exit 6, unretried. */
  maxBodyBytes?: number;
  /** First backoff delay, doubled per retry (default 1000 ms; env FBTOK_RETRY_BASE_MS, for tests). */
  retryBaseMs?: number;
  clock: import('../io/clock.js').Clock;
  userAgent: string;
  /** An undici dispatcher (MockAgent in unit tests); default a keep-alive Agent. */
  dispatcher?: import('undici').Dispatcher;
  /** Verbose request log; lines are redacted by the caller too, but never pass secrets. */
  log?: (line: string) => void;
  /** Usage at 80% or more, and similar notices. */
  warn?: (line: string) => void;
  /** A line shown while fbtok waits before a retry (a progress line on a terminal only); stopped when the wait ends. */
  onWait?: (text: string) => { stop(): void };
  /** Randomness for backoff jitter (tests pass a constant). */
  random?: () => number;
}
