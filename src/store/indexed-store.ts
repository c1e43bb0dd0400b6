// The TokenStore every backend shares: records in an index, secrets in a vault, one lock, one audit log.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Clock } from '../io/clock.js';
import { registerSecret } from '../util/redact.js';
import { appendAuditLog, type AuditEntry } from './audit-log.js';
import { mapBounded, settleBounded } from './bounded.js';
import { fingerprint } from './fingerprint.js';
import type { ProfileLock } from './lock.js';
import { putOne, type PutOneResult } from './put-tokens.js';
import { appSecretAccount, previousAccount, tokenAccount } from './secret-vault.js';
import type { StoreBackend } from './store-backend.js';
import type { StoreIndex } from './record-index.js';
import { RECORD_SCHEMA_VERSION, type AppSecretKind, type PutOptions, type TokenRecord, type TokenStore } from './token-store.js';

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
  const entry = (command: string, name: string, rest: Omit<AuditEntry, 'time' | 'command' | 'profile' | 'name'>): AuditEntry => ({
    time: now(),
    command,
    profile,
    name,
    ...rest,
  });

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
      const secrets = await mapBounded(unique, vault.concurrency, (name) => store.getSecret(name));
      const map = new Map<string, string>();
      unique.forEach((name, i) => secrets[i] !== undefined && map.set(name, secrets[i]!));
      return map;
    },
    put: (tokens, { command }: PutOptions) =>
      withLock(async () => {
        const index = await backend.readIndex();
        const byName = new Map(index.records.map((r) => [r.name, r]));
        const ctx = { vault, profile, command, clock };
        const settled = await settleBounded(tokens, vault.concurrency, (t) => putOne(ctx, t, byName.get(t.record.name)));
        const done = settled.filter((s): s is { ok: true; value: PutOneResult } => !!s?.ok).map((s) => s.value);
        for (const { record } of done) byName.set(record.name, record);
        const failures = tokens
          .map((t, i) => ({ t, s: settled[i] }))
          .filter(({ s }) => !s?.ok)
          .map(({ t }) => entry(command, t.record.name, failureFields(byName.get(t.record.name), t.secret)));
        if (done.length > 0) await backend.writeIndex({ ...index, records: [...byName.values()] });
        await audit([...done.map((d) => d.audit), ...failures]);
        const failure = settled.find((s) => s && !s.ok);
        if (failure && !failure.ok) throw failure.error;
      }),
    updateRecords: (records, { command }) =>
      withLock(async () => {
        const index = await backend.readIndex();
        const byName = new Map(index.records.map((r) => [r.name, r]));
        const entries = records.map((record) => {
          const existing = byName.get(record.name);
          if (existing) {
            // Metadata only: the secret, and so its fingerprint and previous, stay what the store knows.
            const { previous, fingerprint: fp } = existing;
            byName.set(record.name, { ...record, schemaVersion: RECORD_SCHEMA_VERSION, fingerprint: fp, ...(previous ? { previous } : {}) });
          }
          return entry(command, record.name, {
            action: 'update',
            outcome: existing ? 'updated' : 'missing',
            oldFingerprint: existing?.fingerprint ?? null,
            newFingerprint: existing?.fingerprint ?? null,
            expiresAt: record.expiresAt,
            previousExpiresAt: existing?.expiresAt ?? null,
          });
        });
        if (entries.some((e) => e.outcome === 'updated')) await backend.writeIndex({ ...index, records: [...byName.values()] });
        await audit(entries);
      }),
    delete: (name, { command }) =>
      withLock(async () => {
        const index = await backend.readIndex();
        const existing = index.records.find((r) => r.name === name);
        // Secrets first, index last: a crash leaves a record without a secret, never an orphaned secret.
        const deletedSecret = await vault.delete(tokenAccount(profile, name));
        await vault.delete(previousAccount(profile, name));
        if (existing) await backend.writeIndex({ ...index, records: index.records.filter((r) => r !== existing) });
        const found = deletedSecret || !!existing;
        await audit([
          entry(command, name, {
            action: 'delete',
            outcome: found ? 'deleted' : 'missing',
            oldFingerprint: existing?.fingerprint ?? null,
            newFingerprint: null,
            expiresAt: null,
            previousExpiresAt: existing?.expiresAt ?? null,
          }),
        ]);
        return found;
      }),
    withLock,
    getAppSecret: (kind) => readSecret(appSecretAccount(profile, kind)),
    setAppSecret: (kind, value, { command }) => withLock(() => setAppSecret(kind, value, command)),
    close: () => vault.close(),
  };

  async function setAppSecret(kind: AppSecretKind, value: string, command: string): Promise<void> {
    const index: StoreIndex = await backend.readIndex();
    const old = index.appSecrets[kind];
    const newFingerprint = fingerprint(value);
    registerSecret(value);
    const unchanged = old?.fingerprint === newFingerprint;
    if (!unchanged) {
      await vault.set(appSecretAccount(profile, kind), value);
      await backend.writeIndex({ ...index, appSecrets: { ...index.appSecrets, [kind]: { fingerprint: newFingerprint, setAt: now() } } });
    }
    await audit([
      entry(command, `config:${kind}`, {
        action: 'set-app-secret',
        outcome: unchanged ? 'unchanged' : old ? 'replaced' : 'stored',
        oldFingerprint: old?.fingerprint ?? null,
        newFingerprint,
        expiresAt: null,
        previousExpiresAt: null,
      }),
    ]);
  }

  return store;
}

function failureFields(existing: TokenRecord | undefined, secret: string): Omit<AuditEntry, 'time' | 'command' | 'profile' | 'name'> {
  return {
    action: 'put',
    outcome: 'failed',
    oldFingerprint: existing?.fingerprint ?? null,
    newFingerprint: fingerprint(secret),
    expiresAt: null,
    previousExpiresAt: existing?.expiresAt ?? null,
  };
}
