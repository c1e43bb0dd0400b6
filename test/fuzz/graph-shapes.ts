// The shapes the Graph operations promise, checked field by field on whatever a hostile server made them return.
import { expect } from 'vitest';
import type { TokenInfo } from '../../src/graph/debug-token.js';
import type { ManagedPage } from '../../src/graph/pages.js';
import type { TokenGrant } from '../../src/graph/oauth.js';
import type { BatchResult } from '../../src/graph/types.js';
import { GraphError } from '../../src/graph/graph-error.js';

/** The exit codes an operation's FbtokError may carry. */
export const DOCUMENTED = [1, 2, 3, 4, 5, 6, 7, 8];

const isStr = (v: unknown) => typeof v === 'string';
const isStrOrNull = (v: unknown) => v === null || typeof v === 'string';
/** A timestamp a command can print: finite and inside Date's range (toISOString must not throw). */
const isTimeOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v) && !Number.isNaN(new Date(v).getTime()));
const isStrings = (v: unknown) => Array.isArray(v) && v.every(isStr);

export function checkTokenInfo(info: TokenInfo): void {
  expect(typeof info.valid).toBe('boolean');
  for (const key of ['type', 'appId', 'application', 'userId', 'profileId'] as const) expect(isStrOrNull(info[key]), key).toBe(true);
  expect(isStrings(info.scopes), 'scopes').toBe(true);
  for (const g of info.granularScopes) {
    expect(typeof g.scope).toBe('string');
    if (g.targetIds !== undefined) expect(isStrings(g.targetIds), 'targetIds').toBe(true);
  }
  for (const key of ['issuedAt', 'expiresAt', 'dataAccessExpiresAt'] as const) expect(isTimeOrNull(info[key]), `${key}=${info[key]}`).toBe(true);
  if (info.error) {
    expect(info.error.code === null || Number.isFinite(info.error.code)).toBe(true);
    expect(info.error.subcode === null || Number.isFinite(info.error.subcode)).toBe(true);
    expect(typeof info.error.message).toBe('string');
  }
  expect(info.metadata === null || (typeof info.metadata === 'object' && !Array.isArray(info.metadata))).toBe(true);
}

export function checkPages(pages: ManagedPage[]): void {
  expect(Array.isArray(pages)).toBe(true);
  for (const p of pages) {
    expect(typeof p.id === 'string' && p.id !== '').toBe(true);
    expect(typeof p.name).toBe('string');
    expect(isStrOrNull(p.accessToken)).toBe(true);
    expect(isStrOrNull(p.category)).toBe(true);
    expect(isStrings(p.tasks)).toBe(true);
  }
}

export function checkGrant(grant: TokenGrant): void {
  expect(typeof grant.accessToken === 'string' && grant.accessToken !== '').toBe(true);
  expect(isStrOrNull(grant.tokenType)).toBe(true);
  expect(grant.expiresInSeconds === null || Number.isFinite(grant.expiresInSeconds)).toBe(true);
  expect(isTimeOrNull(grant.obtainedAt)).toBe(true);
  expect(isTimeOrNull(grant.expiresAt), `expiresAt=${grant.expiresAt}`).toBe(true);
  if (grant.idToken !== undefined) expect(typeof grant.idToken).toBe('string');
}

export function checkBatch(results: BatchResult<unknown>[], n: number): void {
  expect(results).toHaveLength(n);
  for (const r of results) {
    expect(typeof r.status === 'number' && Number.isFinite(r.status)).toBe(true);
    if (!r.ok) {
      expect(r.error).toBeInstanceOf(GraphError);
      expect(DOCUMENTED).toContain(r.error.exitCode);
    }
  }
}
