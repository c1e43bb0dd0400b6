import { describe, expect, it } from 'vitest';
import { checkVaultSecrets } from '../../src/store/check-secrets.js';
import { fingerprint } from '../../src/store/fingerprint.js';
import type { SecretVault } from '../../src/store/secret-vault.js';
import { record } from '../doctor/fakes.js';

function countingVault(entries: Record<string, string>, bulk: boolean) {
  const calls = { get: 0, getMany: 0 };
  const vault: SecretVault = {
    kind: 'keychain',
    location: 'test',
    concurrency: 4,
    get: async (account) => {
      calls.get++;
      return entries[account];
    },
    ...(bulk
      ? {
          getMany: async (accounts: readonly string[]) => {
            calls.getMany++;
            return new Map(accounts.filter((a) => entries[a] !== undefined).map((a) => [a, entries[a]]));
          },
        }
      : {}),
    set: async () => {},
    delete: async () => false,
    close: async () => {},
  };
  return { vault, calls };
}

describe('checkVaultSecrets', () => {
  const records = [
    record('user', { fingerprint: fingerprint('EAAuser') }),
    record('page:1', { fingerprint: fingerprint('EAApage1') }),
    record('page:2', { fingerprint: fingerprint('EAApage2') }),
  ];

  it('reads every indexed secret in one search of a vault that has one, however few, and finds missing and mismatched entries', async () => {
    const { vault, calls } = countingVault({ 'p/user': 'EAAuser', 'p/page:2': 'EAAsomethingElse' }, true);
    const result = await checkVaultSecrets(vault, 'p', records);
    expect(calls).toEqual({ get: 0, getMany: 1 });
    expect(result.missing.map((r) => r.name)).toEqual(['page:1']);
    expect(result.mismatched.map((r) => r.name)).toEqual(['page:2']);
    expect([...result.secrets.keys()]).toEqual(['user', 'page:2']);
  });

  it('an empty index reads nothing', async () => {
    const { vault, calls } = countingVault({}, true);
    expect((await checkVaultSecrets(vault, 'p', [])).missing).toEqual([]);
    expect(calls).toEqual({ get: 0, getMany: 0 });
  });
});
