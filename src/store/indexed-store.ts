// The TokenStore every backend shares: records in an index, secrets in a vault, one lock, one audit log.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Clock } from '../io/clock.js';
import { registerSecret } from '../util/redact.js';
import { appendAuditLog, type AuditEntry } from './audit-log.js';
import { mapBounded } from './bounded.js';
import type { ProfileLock } from './lock.js';
import { putTokens } from './put-tokens.js';
import { appSecretAccount, previousAccount, tokenAccount, useBulkRead } from './secret-vault.js';
import type { StoreBackend } from './store-backend.js';
import { deleteToken, setAppSecret, updateRecords, type WriteContext } from './store-writes.js';
import type { PutOptions, TokenStore } from './token-store.js';

export interface IndexedStoreOptions {
  backend: StoreBackend;
  profile: string;
  stateDir: string;
  clock: Clock;
  lock: ProfileLock;
  warn: (line: string) => void;
}

export function createIndexedStore(options: IndexedStoreOptions): TokenStore {
  const { backend, profile, clock, lock } = options;
  const vault = backend.vault;
  const inside = new AsyncLocalStorage<boolean>();
  let tail: Promise<unknown> = Promise.resolve();

  const now = () => new Date(clock.now()).toISOString();
  const audit = async (entries: AuditEntry[]) => {
    try {
      await appendAuditLog(options.stateDir, entries);
    } catch (error) {
      // The change itself is committed; a full disk must not turn it into a reported failure.
      options.warn(`Could not write the audit log: ${(error as Error).message}`);
    }
  };
  const writes = (command: string): WriteContext => ({ backend, vault, profile, command, now, audit });

  const withLock = <T>(fn: () => Promise<T>): Promise<T> => {
    if (inside.getStore()) return fn();
    // Serialise callers in this process first, then take the inter-process lock.
    const run = async () => {
      const release = await lock.acquire();
      try {
        return await inside.run(true, fn);
      } finally {
        await release();
      }
    };
    const result = tail.then(run, run);
    tail = result.catch(() => {});
    return result;
  };

  const readSecret = async (account: string) => {
    const secret = await vault.get(account);
    registerSecret(secret);
    return secret;
  };

  const store: TokenStore = {
    kind: backend.kind,
    location: backend.location,
    list: async () => (await backend.readIndex()).records,
    get: async (name) => (await backend.readIndex()).records.find((r) => r.name === name),
    getSecret: (name) => readSecret(tokenAccount(profile, name)),
    getPreviousSecret: (name) => readSecret(previousAccount(profile, name)),
    async getSecrets(names) {
      const unique = [...new Set(names)];
      const map = new Map<string, string>();
      if (useBulkRead(vault, unique.length)) {
        const found = await vault.getMany!(unique.map((name) => tokenAccount(profile, name)));
        for (const name of unique) {
          const secret = found.get(tokenAccount(profile, name));
          if (secret !== undefined) map.set(name, secret);
          registerSecret(secret);
        }
        return map;
      }
      const secrets = await mapBounded(unique, vault.concurrency, (name) => store.getSecret(name));
      unique.forEach((name, i) => secrets[i] !== undefined && map.set(name, secrets[i]!));
      return map;
    },
    put: (tokens, { command }: PutOptions) =>
      withLock(async () => {
        const index = await backend.readIndex();
        const byName = new Map(index.records.map((r) => [r.name, r]));
        const result = await putTokens({ vault, profile, command, clock, audit }, tokens, byName);
        for (const record of result.records) byName.set(record.name, record);
        // Index last, and only for secrets that reached the vault.
        if (result.records.length > 0) await backend.writeIndex({ ...index, records: [...byName.values()] });
        await audit(result.audit);
        if (result.error !== undefined) throw result.error;
      }),
    updateRecords: (records, { command }) => withLock(async () => audit(await updateRecords(writes(command), records))),
    delete: (name, { command }) =>
      withLock(async () => {
        const { found, entry } = await deleteToken(writes(command), name);
        await audit([entry]);
        return found;
      }),
    recordOutcomes: async (outcomes, { command }) => {
      const byName = new Map((await backend.readIndex()).records.map((r) => [r.name, r]));
      await audit(
        outcomes.map((o) => ({
          time: now(),
          command,
          profile,
          name: o.name,
          action: 'attempt',
          outcome: o.outcome,
          oldFingerprint: byName.get(o.name)?.fingerprint ?? null,
          newFingerprint: null,
          expiresAt: o.expiresAt ?? byName.get(o.name)?.expiresAt ?? null,
          previousExpiresAt: null,
        })),
      );
    },
    withLock,
    prepareWrite: () => lock.preload(),
    lockHolder: () => lock.holder(),
    getAppSecret: (kind) => readSecret(appSecretAccount(profile, kind)),
    setAppSecret: (kind, value, { command }) =>
      withLock(async () => {
        registerSecret(value);
        await audit([await setAppSecret(writes(command), kind, value)]);
      }),
    close: () => vault.close(),
  };

  return store;
}
