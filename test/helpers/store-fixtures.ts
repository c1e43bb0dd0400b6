// Shared bits for store tests: temp dirs, records, tokens with canaries, a vault that counts its calls.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Paths } from '../../src/config/paths.js';
import { systemClock } from '../../src/io/clock.js';
import type { SecretVault } from '../../src/store/secret-vault.js';
import type { TokenRecord } from '../../src/store/token-store.js';

export interface TempPaths extends Paths {
  root: string;
  remove(): Promise<void>;
}

export async function tempPaths(): Promise<TempPaths> {
  const root = await mkdtemp(join(tmpdir(), 'fbtok-store-'));
  return {
    root,
    configDir: join(root, 'config', 'fbtok'),
    stateDir: join(root, 'state', 'fbtok'),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** A token that looks like Meta's and carries a canary to grep for in files and logs. */
export function token(label: string | number): string {
  return `EAAB${'x'.repeat(24)}CANARY${String(label)}`;
}

export function record(name: string, overrides: Partial<TokenRecord> = {}): TokenRecord {
  return {
    schemaVersion: 1,
    name,
    type: name.startsWith('page:') ? 'PAGE' : 'USER',
    appId: '1234567890',
    subjectId: name.startsWith('page:') ? name.slice(5) : '42',
    subjectName: 'Test',
    scopes: ['public_profile'],
    expiresAt: '2030-01-01T00:00:00.000Z',
    dataAccessExpiresAt: null,
    obtainedAt: '2026-01-01T00:00:00.000Z',
    obtainedVia: 'login',
    fingerprint: '',
    ...overrides,
  };
}

export interface CallCounts {
  get: number;
  /** Bulk reads (one keychain search for many accounts). */
  getMany: number;
  set: number;
  delete: number;
  inFlight: number;
  maxInFlight: number;
  setAccounts: string[];
}

/** Wraps a vault to count calls and the most calls in flight at once. */
export function countingVault(counts: CallCounts): (vault: SecretVault) => SecretVault {
  return (vault) => {
    const track = async <T>(kind: 'get' | 'getMany' | 'set' | 'delete', call: () => Promise<T>): Promise<T> => {
      counts[kind]++;
      counts.inFlight++;
      counts.maxInFlight = Math.max(counts.maxInFlight, counts.inFlight);
      try {
        return await call();
      } finally {
        counts.inFlight--;
      }
    };
    return {
      ...vault,
      kind: vault.kind,
      location: vault.location,
      concurrency: vault.concurrency,
      get: (account) => track('get', () => vault.get(account)),
      set: (account, secret) => {
        counts.setAccounts.push(account);
        return track('set', () => vault.set(account, secret));
      },
      delete: (account) => track('delete', () => vault.delete(account)),
      getMany: vault.getMany && ((accounts) => track('getMany', () => vault.getMany!(accounts))),
      close: () => vault.close(),
    };
  };
}

export function newCounts(): CallCounts {
  return { get: 0, getMany: 0, set: 0, delete: 0, inFlight: 0, maxInFlight: 0, setAccounts: [] };
}

export const clock = systemClock;
