// Public types of the local Graph API emulator. Other modules (CLI tests, benchmarks, the demo) code
// against these, so keep them stable; additions only.

export interface EmulatorPageSpec { id?: string; name?: string; tasks?: string[]; category?: string }

export interface EmulatorOptions {
  port?: number;
  appId?: string;
  appSecret?: string;
  clientToken?: string;
  requireAppSecretProof?: boolean;
  extendLongLivedOnExchange?: boolean;
  codeExchangeLifetime?: 'short' | 'long';
  pages?: number | EmulatorPageSpec[];
  user?: { id?: string; name?: string };
  grantedScopes?: string[];
  declinedScopes?: string[];
  dialog?: 'auto' | 'page' | 'deny';
  latencyMs?: number;
  now?: () => number;
  /** Answer 17/1349172 (slow down) when device login is polled faster than `interval`. Default false. */
  enforceDevicePollInterval?: boolean;
  /**
   * Read the access token from `Authorization: OAuth|Bearer <token>` (graph-api-facts: fairly sure Graph
   * does). Default true; false answers as a peer that ignores the header (104 "access token required").
   */
  authorizationHeader?: boolean;
  /** Take `POST /debug_token` (graph-api-facts: unsure). Default true; false answers "Unsupported post request". */
  debugTokenPost?: boolean;
  /**
   * debug_token of an app token with a wrong secret, asked with that same token: a 190 envelope (default), or
   * HTTP 200 `is_valid: false` (peers differ; fbtok must take both as "the app secret is wrong").
   */
  wrongAppSecret?: 'envelope' | 'is-valid-false';
  /**
   * The data-access expiry debug_token reports for Page tokens: the user token's (default), or 0 = never
   * (peers differ; fbtok records what debug_token says of each Page token, not the user token's).
   */
  pageDataAccess?: 'inherit' | 'never';
  /**
   * Permissions the app has no access to in App Review: the user may grant them (/me/permissions lists them
   * granted), but tokens never carry them.
   */
  unapprovedScopes?: string[];
  /**
   * 'new' (default): every /me/accounts or GET /{page-id} answer mints a new Page token string (as a real
   * peer may; earlier ones stay valid). 'same': one string per user token and Page.
   */
  pageTokenStrings?: 'new' | 'same';
  /**
   * Send X-App-Usage and (on Page-token calls) X-Business-Use-Case-Usage, growing by `percentPerCall`
   * (default 1) per call; X-App-Usage only from the `appearAfterCalls`-th call (default 1). At 100% calls
   * are refused (4, or 80001 for a Page). Off by default.
   */
  usage?: { percentPerCall?: number; appearAfterCalls?: number };
}

export type RuntimeOptionKey =
  | 'requireAppSecretProof' | 'extendLongLivedOnExchange' | 'codeExchangeLifetime' | 'dialog'
  | 'grantedScopes' | 'declinedScopes' | 'enforceDevicePollInterval' | 'authorizationHeader' | 'debugTokenPost'
  | 'wrongAppSecret' | 'pageDataAccess' | 'unapprovedScopes' | 'pageTokenStrings';
export type RuntimeOptionsPatch = Partial<Pick<EmulatorOptions, RuntimeOptionKey>>;

export interface RecordedRequest {
  method: string;
  /** The request target exactly as it arrived (path and query string): what a proxy or access log records. */
  url: string;
  path: string;
  /** The token of an `Authorization: OAuth|Bearer` header, when one was sent. */
  headerToken?: string;
  query: Record<string, string>;
  form: Record<string, string>;
  batchSize?: number;
  status: number;
  /** performance.now() when the request arrived and when its answer was written (benchmarks: how many ran in sequence). */
  startedMs?: number;
  endedMs?: number;
}

export type FaultKind =
  | 'http-500' | 'http-503' | 'html' | 'truncated' | 'reset' | 'hang' | 'rate-limit' | 'transient'
  | 'error' | 'batch-null-items' | 'device-slow-down';

export interface FaultSpec {
  /** A path prefix ('/me' takes '/me/accounts' too); `path` is the exact path. */
  match?: string;
  path?: string;
  method?: string;
  kind: FaultKind;
  code?: number;
  subcode?: number;
  message?: string;
  /** HTTP status for 'html' (default 502) and 'error' (default 400). */
  status?: number;
  /** Envelope type for 'error' (default OAuthException). */
  type?: string;
  usageHeaders?: Record<string, string>;
  estimatedTimeToRegainAccess?: number;
  times?: number;
  /** Let this many matching requests through before the fault starts (the second page of a listing...). */
  skip?: number;
  /** For 'batch-null-items': how many leading items of the next batch come back as null. */
  count?: number;
}

export interface EmulatorPage { id: string; name: string; tasks: string[]; category: string }

export interface UserTokenOptions {
  lifetime?: 'short' | 'long';
  expiresInSeconds?: number;
  scopes?: string[];
  dataAccessExpiresInSeconds?: number;
}

export interface SystemUserTokenOptions { expiring?: boolean; scopes?: string[]; id?: string }

export interface Emulator {
  readonly url: string;
  readonly port: number;
  readonly appId: string;
  readonly appSecret: string;
  readonly clientToken: string;
  readonly user: { id: string; name: string };
  readonly pages: EmulatorPage[];
  /** Id of the default system user (the one issueSystemUserToken uses without `id`). */
  readonly systemUserId: string;
  requests: RecordedRequest[];
  requestCount(pathPrefix?: string): number;
  resetRequests(): void;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  setOptions(patch: RuntimeOptionsPatch): void;
  setUsageHeaders(headers: Record<string, string> | null): void;
  /** With the `usage` option: counts calls as if another process of the app had made them. */
  addUsage(calls: { app?: number; pages?: Record<string, number> }): void;
  setClockSkew(seconds: number): void;
  issueUserToken(opts?: UserTokenOptions): string;
  issueSystemUserToken(opts?: SystemUserTokenOptions): string;
  /** The Page token last handed out for this user token and Page (one is minted if none was). */
  pageTokenFor(userToken: string, pageId: string): string;
  invalidateToken(token: string, subcode?: number): void;
  expireToken(token: string): void;
  removePageRole(pageId: string): void;
  approveDevice(userCode: string): void;
  expireDeviceCode(userCode: string): void;
  subscribedApps(pageId: string): Array<{ id: string; subscribed_fields: string[] }>;
  close(): Promise<void>;
}
