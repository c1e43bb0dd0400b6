// The token record and the store contract every backend (keychain, file, credential helper) fulfils.

export const RECORD_SCHEMA_VERSION = 1;

/** Open string: Meta's debug_token also reports types it does not document (SYSTEM_USER). */
export type TokenType = 'USER' | 'PAGE' | 'APP' | 'SYSTEM_USER' | (string & {});

export type ObtainedVia =
  | 'login'
  | 'device-login'
  | 'manual-login'
  | 'exchange'
  | 'page-tokens'
  | 'import'
  | 'rotate'
  | (string & {});

export interface GranularScope {
  scope: string;
  /** Absent = applies to every target. */
  targetIds?: string[];
}

/** What is known about a stored token. Never holds the secret itself. */
export interface TokenRecord {
  schemaVersion: number;
  /** 'user', 'page:<page-id>', 'system-user:<id>', 'app', or a name the user chose. */
  name: string;
  type: TokenType;
  appId: string | null;
  /** The user id, Page id or system-user id the token acts as. */
  subjectId: string | null;
  subjectName: string | null;
  scopes: string[];
  granularScopes?: GranularScope[];
  /** Page tasks (MESSAGING, MANAGE, ...), for Page tokens. */
  tasks?: string[];
  /** ISO 8601; null = never expires. */
  expiresAt: string | null;
  dataAccessExpiresAt: string | null;
  issuedAt?: string | null;
  obtainedAt: string;
  obtainedVia: ObtainedVia;
  /** True when the token is long-lived (user tokens: about 60 days). */
  longLived?: boolean;
  /** For Page tokens: fingerprint of the user token they were derived from. */
  derivedFrom?: string;
  /** Short SHA-256 prefix of the token, safe to show and log. */
  fingerprint: string;
  /** The token this one replaced; its secret is kept in the store until the next rotation. */
  previous?: { fingerprint: string; obtainedAt: string; expiresAt: string | null };
  /** Set when Graph said the token is no longer valid (revoked, expired, password changed...). */
  invalid?: { code: number | null; subcode: number | null; message: string; at: string };
}

export interface StoredToken {
  record: TokenRecord;
  secret: string;
}

export interface PutOptions {
  /** The command making the change, for the audit log. */
  command: string;
}

/** Secrets kept beside the tokens but never listed: the app secret and the client token. */
export type AppSecretKind = 'app-secret' | 'client-token';

export interface TokenStore {
  /** 'keychain', 'file' or 'helper:<name>'. */
  readonly kind: string;
  /** Where the secrets live, for `status` and `doctor` (a path, a keychain service, a helper). */
  readonly location: string;
  /** Records of this profile; reads the index only, never a secret. */
  list(): Promise<TokenRecord[]>;
  get(name: string): Promise<TokenRecord | undefined>;
  getSecret(name: string): Promise<string | undefined>;
  /** Many secrets at once, read concurrently with a bound. Missing names are absent from the map. */
  getSecrets(names: string[]): Promise<Map<string, string>>;
  /** The secret that a rotation replaced, while it is kept. */
  getPreviousSecret(name: string): Promise<string | undefined>;
  /**
   * Stores tokens. A name that already holds a different secret keeps it as `previous`;
   * an unchanged secret is not rewritten. Audited.
   */
  put(tokens: StoredToken[], options: PutOptions): Promise<void>;
  /** Updates metadata only (e.g. marks a token invalid). Audited. */
  updateRecords(records: TokenRecord[], options: PutOptions): Promise<void>;
  delete(name: string, options: PutOptions): Promise<boolean>;
  /**
   * Audits attempts that changed nothing (a rotation that could not renew a token), so the log
   * answers "what was tried, and when" as well as "what changed".
   */
  recordOutcomes(outcomes: Array<{ name: string; outcome: string; expiresAt?: string | null }>, options: PutOptions): Promise<void>;
  /** Who holds the store lock now ('pid 123'), or null when it is free; never waits (for `doctor`). */
  lockHolder(): Promise<string | null>;
  /** Runs `fn` holding the profile's inter-process lock (stale locks of dead processes are recovered). */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Loads what a write will need (the lock library) while the caller waits on something else, e.g. the
   * network; the write itself still takes the lock. Optional: a store without it loads on first write.
   */
  prepareWrite?(): void;
  getAppSecret(kind: AppSecretKind): Promise<string | undefined>;
  setAppSecret(kind: AppSecretKind, value: string, options: PutOptions): Promise<void>;
  /** Releases handles so the process can exit. */
  close(): Promise<void>;
}

export interface TokenStoreOptions {
  /** 'keychain', 'file' or 'helper:<name>'. */
  kind: string;
  profile: string;
  paths: import('../config/paths.js').Paths;
  env: Record<string, string | undefined>;
  clock: import('../io/clock.js').Clock;
  /** True on a terminal: the file store warns once that it is unencrypted. */
  interactive: boolean;
  warn: (line: string) => void;
  /** Per keychain/helper call (default: keychain 3000 ms, env FBTOK_KEYCHAIN_TIMEOUT; helpers 60000 ms, env FBTOK_HELPER_TIMEOUT). */
  callTimeoutMs?: number;
}
