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
}

export type RuntimeOptionKey =
  | 'requireAppSecretProof' | 'extendLongLivedOnExchange' | 'codeExchangeLifetime' | 'dialog'
  | 'grantedScopes' | 'declinedScopes' | 'enforceDevicePollInterval';
export type RuntimeOptionsPatch = Partial<Pick<EmulatorOptions, RuntimeOptionKey>>;

export interface RecordedRequest {
  method: string;
  path: string;
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
  match?: string;
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
  setClockSkew(seconds: number): void;
  issueUserToken(opts?: UserTokenOptions): string;
  issueSystemUserToken(opts?: SystemUserTokenOptions): string;
  pageTokenFor(userToken: string, pageId: string): string;
  invalidateToken(token: string, subcode?: number): void;
  expireToken(token: string): void;
  removePageRole(pageId: string): void;
  approveDevice(userCode: string): void;
  expireDeviceCode(userCode: string): void;
  subscribedApps(pageId: string): Array<{ id: string; subscribed_fields: string[] }>;
  close(): Promise<void>;
}
