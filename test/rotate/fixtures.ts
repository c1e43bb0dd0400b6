// Builders for TokenInfo and TokenRecord values in rotation unit tests.
import type { TokenInfo } from '../../src/graph/debug-token.js';
import type { TokenRecord } from '../../src/store/token-store.js';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
/** A fixed "now": 2026-11-10T12:00:00Z. */
export const NOW = Date.parse('2026-11-10T12:00:00Z');

export function info(overrides: Partial<TokenInfo> = {}): TokenInfo {
  return {
    valid: true,
    type: 'USER',
    appId: '111',
    application: 'App',
    userId: '42',
    profileId: null,
    scopes: ['pages_show_list'],
    granularScopes: [],
    issuedAt: NOW - 10 * DAY,
    expiresAt: NOW + 50 * DAY,
    dataAccessExpiresAt: NOW + 80 * DAY,
    error: null,
    metadata: null,
    ...overrides,
  };
}

export function invalidInfo(subcode: number, overrides: Partial<TokenInfo> = {}): TokenInfo {
  return info({ valid: false, error: { code: 190, subcode, message: `Error validating access token (${subcode})` }, ...overrides });
}

export function record(overrides: Partial<TokenRecord> = {}): TokenRecord {
  return {
    schemaVersion: 1,
    name: 'user',
    type: 'USER',
    appId: '111',
    subjectId: '42',
    subjectName: 'Ada',
    scopes: ['pages_show_list'],
    expiresAt: new Date(NOW + 50 * DAY).toISOString(),
    dataAccessExpiresAt: null,
    obtainedAt: new Date(NOW - 10 * DAY).toISOString(),
    obtainedVia: 'login',
    fingerprint: 'aaaaaaaaaaaa',
    ...overrides,
  };
}
