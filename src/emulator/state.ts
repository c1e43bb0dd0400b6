// All mutable emulator data: tokens, the user, Pages and roles, login codes, device codes, subscriptions.
import type { EmulatorOptions, EmulatorPage, EmulatorPageSpec, RuntimeOptionsPatch, SystemUserTokenOptions, UserTokenOptions } from './types.js';
import {
  DATA_ACCESS_SECONDS, LONG_LIVED_SECONDS, SHORT_LIVED_SECONDS, newTokenString, tokenProblem,
  type TokenProblem, type TokenRecord,
} from './tokens.js';

export const DEFAULT_SCOPES = ['public_profile', 'pages_show_list', 'pages_messaging', 'pages_manage_metadata', 'pages_read_engagement'];
export const ALL_TASKS = ['ANALYZE', 'ADVERTISE', 'MODERATE', 'CREATE_CONTENT', 'MANAGE', 'MESSAGING'];

export interface RuntimeOptions {
  requireAppSecretProof: boolean;
  extendLongLivedOnExchange: boolean;
  codeExchangeLifetime: 'short' | 'long';
  dialog: 'auto' | 'page' | 'deny';
  grantedScopes: string[];
  declinedScopes: string[];
  enforceDevicePollInterval: boolean;
  authorizationHeader: boolean;
  debugTokenPost: boolean;
  wrongAppSecret: 'envelope' | 'is-valid-false';
  pageDataAccess: 'inherit' | 'never';
  unapprovedScopes: string[];
  pageTokenStrings: 'new' | 'same';
}

export interface AuthCode {
  code: string; clientId: string; redirectUri: string; scopes: string[]; expiresAtMs: number; used: boolean;
  challenge?: string; challengeMethod?: string; authType?: string;
}

export interface DeviceCode {
  code: string; userCode: string; scopes: string[]; expiresAtMs: number;
  approved: boolean; expired: boolean; consumed: boolean; lastPollMs?: number;
}

function buildPages(spec: EmulatorOptions['pages']): EmulatorPage[] {
  const list: EmulatorPageSpec[] = typeof spec === 'number' || spec === undefined ? Array.from({ length: spec ?? 3 }, () => ({})) : spec;
  return list.map((p, i) => ({
    id: p.id ?? String(100_000_000_000_101 + i),
    name: p.name ?? `Emulated Page ${i + 1}`,
    tasks: p.tasks ?? [...ALL_TASKS],
    category: p.category ?? 'Software',
  }));
}

export class EmulatorState {
  readonly appId: string;
  readonly appSecret: string;
  readonly clientToken: string;
  readonly user: { id: string; name: string };
  readonly systemUserId = '10000000000077';
  readonly pages: EmulatorPage[];
  readonly pagesById = new Map<string, EmulatorPage>();
  readonly pageIndex = new Map<string, number>();
  readonly roles = new Set<string>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly pageTokens = new Map<string, string>();
  readonly codes = new Map<string, AuthCode>();
  readonly devices = new Map<string, DeviceCode>();
  readonly subscriptions = new Map<string, string[]>();
  granted = new Set<string>();
  declined = new Set<string>();
  opts: RuntimeOptions;
  now: () => number;
  url = '';

  constructor(o: EmulatorOptions) {
    this.appId = o.appId ?? '1000000000001';
    // The shape of a real app secret (32 hex): an app token `id|secret` must pass fbtok's token alphabet.
    this.appSecret = o.appSecret ?? 'e3a0c1d2b4f5968778695a4b3c2d1e0f';
    this.clientToken = o.clientToken ?? 'emulator-client-token-0123456789';
    this.user = { id: o.user?.id ?? '10000000000042', name: o.user?.name ?? 'Emu Lator' };
    this.pages = buildPages(o.pages);
    this.pages.forEach((p, i) => { this.pagesById.set(p.id, p); this.pageIndex.set(p.id, i); this.roles.add(p.id); });
    this.now = o.now ?? Date.now;
    this.opts = {
      requireAppSecretProof: o.requireAppSecretProof ?? false,
      extendLongLivedOnExchange: o.extendLongLivedOnExchange ?? false,
      codeExchangeLifetime: o.codeExchangeLifetime ?? 'short',
      dialog: o.dialog ?? 'auto',
      grantedScopes: o.grantedScopes ?? [...DEFAULT_SCOPES],
      declinedScopes: o.declinedScopes ?? [],
      enforceDevicePollInterval: o.enforceDevicePollInterval ?? false,
      authorizationHeader: o.authorizationHeader ?? true,
      debugTokenPost: o.debugTokenPost ?? true,
      wrongAppSecret: o.wrongAppSecret ?? 'envelope',
      pageDataAccess: o.pageDataAccess ?? 'inherit',
      unapprovedScopes: o.unapprovedScopes ?? [],
      pageTokenStrings: o.pageTokenStrings ?? 'new',
    };
    this.resetScopes();
  }

  nowSec(): number { return Math.floor(this.now() / 1000); }
  appToken(): string { return `${this.appId}|${this.appSecret}`; }
  hasRole(pageId: string): boolean { return this.roles.has(pageId); }

  setRuntime(patch: RuntimeOptionsPatch): void {
    // Only known keys: the control API passes user JSON straight through.
    const defined = Object.fromEntries(Object.entries(patch).filter(([k, v]) => v !== undefined && k in this.opts));
    this.opts = { ...this.opts, ...defined };
    if (patch.grantedScopes || patch.declinedScopes) this.resetScopes();
  }

  private resetScopes(): void {
    this.declined = new Set(this.opts.declinedScopes);
    this.granted = new Set(this.opts.grantedScopes.filter((s) => !this.declined.has(s)));
  }

  /** Grants requested scopes (plus public_profile) except declined ones, unless re-requested; returns all granted. */
  grant(requested: string[], rerequest: boolean): string[] {
    for (const scope of ['public_profile', ...requested]) {
      if (this.declined.has(scope) && !rerequest) continue;
      this.declined.delete(scope);
      this.granted.add(scope);
    }
    return [...this.granted];
  }

  problem(rec: TokenRecord): TokenProblem | null {
    return tokenProblem({ appId: this.appId, nowSec: this.nowSec(), tokens: this.tokens, hasRole: (id) => this.roles.has(id) }, rec);
  }

  private store(rec: TokenRecord): TokenRecord { this.tokens.set(rec.token, rec); return rec; }

  issueUser(o: UserTokenOptions & { authType?: string } = {}): TokenRecord {
    const now = this.nowSec();
    const longLived = o.lifetime === 'long';
    const lifetime = o.expiresInSeconds ?? (longLived ? LONG_LIVED_SECONDS : SHORT_LIVED_SECONDS);
    return this.store({
      // A permission the app lacks in App Review is never in a token, granted or not.
      token: newTokenString(), type: 'USER', userId: this.user.id, scopes: (o.scopes ?? [...this.granted]).filter((s) => !this.opts.unapprovedScopes.includes(s)),
      issuedAt: now, expiresAt: lifetime === 0 ? 0 : now + lifetime, longLived,
      dataAccessExpiresAt: now + (o.dataAccessExpiresInSeconds ?? DATA_ACCESS_SECONDS), authType: o.authType,
    });
  }

  issueSystemUser(o: SystemUserTokenOptions = {}): TokenRecord {
    const now = this.nowSec();
    return this.store({
      token: newTokenString(), type: 'SYSTEM_USER', userId: o.id ?? this.systemUserId,
      scopes: o.scopes ?? [...this.opts.grantedScopes], issuedAt: now,
      expiresAt: o.expiring ? now + LONG_LIVED_SECONDS : 0, longLived: true, dataAccessExpiresAt: 0,
    });
  }

  /**
   * The Page token /me/accounts and GET /{page-id} hand out for this user token: a new string per call
   * unless `pageTokenStrings` is 'same' (Facebook may do either; every one minted stays valid).
   */
  pageToken(parent: TokenRecord, pageId: string): TokenRecord {
    if (this.opts.pageTokenStrings === 'same') return this.latestPageToken(parent, pageId);
    return this.mintPageToken(parent, pageId);
  }

  /** The Page token last handed out for this user token and Page (minted if none yet): for tests. */
  latestPageToken(parent: TokenRecord, pageId: string): TokenRecord {
    const known = this.pageTokens.get(`${parent.token}\n${pageId}`);
    return known ? this.tokens.get(known)! : this.mintPageToken(parent, pageId);
  }

  private mintPageToken(parent: TokenRecord, pageId: string): TokenRecord {
    const rec = this.store({
      token: newTokenString(), type: 'PAGE', userId: parent.userId, pageId, scopes: [...parent.scopes],
      issuedAt: this.nowSec(), expiresAt: parent.longLived ? 0 : parent.expiresAt, longLived: parent.longLived,
      dataAccessExpiresAt: this.opts.pageDataAccess === 'never' ? 0 : parent.dataAccessExpiresAt, parent: parent.token,
    });
    this.pageTokens.set(`${parent.token}\n${pageId}`, rec.token);
    return rec;
  }

  /** Pages the principal behind a user or system-user token still has a role on. */
  managedPages(): EmulatorPage[] {
    return this.pages.filter((p) => this.roles.has(p.id));
  }
}
