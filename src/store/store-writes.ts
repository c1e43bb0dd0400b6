// The store's metadata updates, deletes and app-secret writes. Callers hold the lock and append the
// returned audit lines; the index is always written after the vault.
import type { AuditEntry } from './audit-log.js';
import { fingerprint } from './fingerprint.js';
import { appSecretAccount, previousAccount, tokenAccount, type SecretVault } from './secret-vault.js';
import type { StoreBackend } from './store-backend.js';
import { RECORD_SCHEMA_VERSION, type AppSecretKind, type TokenRecord } from './token-store.js';

export interface WriteContext {
  backend: StoreBackend;
  vault: SecretVault;
  profile: string;
  command: string;
  now(): string;
  /** Appends audit lines at once: the intent, before a secret changes. */
  audit?: (entries: AuditEntry[]) => Promise<void>;
}

type Change = Omit<AuditEntry, 'time' | 'command' | 'profile' | 'name'>;

function auditEntry(ctx: WriteContext, name: string, change: Change): AuditEntry {
  return { time: ctx.now(), command: ctx.command, profile: ctx.profile, name, ...change };
}

/** Metadata only: the secret, and so the fingerprint and previous, stay what the store knows. */
export async function updateRecords(ctx: WriteContext, records: readonly TokenRecord[]): Promise<AuditEntry[]> {
  const index = await ctx.backend.readIndex();
  const byName = new Map(index.records.map((r) => [r.name, r]));
  const entries = records.map((record) => {
    const existing = byName.get(record.name);
    if (existing) {
      const updated: TokenRecord = { ...record, schemaVersion: RECORD_SCHEMA_VERSION, fingerprint: existing.fingerprint };
      if (existing.previous) updated.previous = existing.previous;
      else delete updated.previous;
      byName.set(record.name, updated);
    }
    return auditEntry(ctx, record.name, {
      action: 'update',
      outcome: existing ? 'updated' : 'missing',
      oldFingerprint: existing?.fingerprint ?? null,
      newFingerprint: existing?.fingerprint ?? null,
      expiresAt: record.expiresAt,
      previousExpiresAt: existing?.expiresAt ?? null,
    });
  });
  if (entries.some((e) => e.outcome === 'updated')) await ctx.backend.writeIndex({ ...index, records: [...byName.values()] });
  return entries;
}

/** Secrets first, index last: a crash leaves a record without a secret, never an orphaned secret. */
export async function deleteToken(ctx: WriteContext, name: string): Promise<{ found: boolean; entry: AuditEntry }> {
  const index = await ctx.backend.readIndex();
  const existing = index.records.find((r) => r.name === name);
  const change = { action: 'delete' as const, oldFingerprint: existing?.fingerprint ?? null, newFingerprint: null, expiresAt: null, previousExpiresAt: existing?.expiresAt ?? null };
  // An intent only for a token the index holds: deleting a name it does not know changes nothing to trace.
  if (existing) await ctx.audit?.([auditEntry(ctx, name, { ...change, outcome: 'intent' })]);
  const deletedSecret = await ctx.vault.delete(tokenAccount(ctx.profile, name));
  const deletedPrevious = await ctx.vault.delete(previousAccount(ctx.profile, name));
  // Also for a secret without a record: the file store commits its vault with the index write.
  if (existing || deletedSecret || deletedPrevious) {
    await ctx.backend.writeIndex({ ...index, records: index.records.filter((r) => r !== existing) });
  }
  const found = deletedSecret || existing !== undefined;
  const entry = auditEntry(ctx, name, {
    action: 'delete',
    outcome: found ? 'deleted' : 'missing',
    oldFingerprint: existing?.fingerprint ?? null,
    newFingerprint: null,
    expiresAt: null,
    previousExpiresAt: existing?.expiresAt ?? null,
  });
  return { found, entry };
}

/** An unchanged value (same fingerprint as the index says) is not rewritten. */
export async function setAppSecret(ctx: WriteContext, kind: AppSecretKind, value: string): Promise<AuditEntry> {
  const index = await ctx.backend.readIndex();
  const old = index.appSecrets[kind];
  const newFingerprint = fingerprint(value);
  const unchanged = old?.fingerprint === newFingerprint;
  if (!unchanged) {
    const change = { action: 'set-app-secret' as const, oldFingerprint: old?.fingerprint ?? null, newFingerprint, expiresAt: null, previousExpiresAt: null };
    await ctx.audit?.([auditEntry(ctx, `config:${kind}`, { ...change, outcome: 'intent' })]);
    await ctx.vault.set(appSecretAccount(ctx.profile, kind), value);
    const appSecrets = { ...index.appSecrets, [kind]: { fingerprint: newFingerprint, setAt: ctx.now() } };
    await ctx.backend.writeIndex({ ...index, appSecrets });
  }
  return auditEntry(ctx, `config:${kind}`, {
    action: 'set-app-secret',
    outcome: unchanged ? 'unchanged' : old ? 'replaced' : 'stored',
    oldFingerprint: old?.fingerprint ?? null,
    newFingerprint,
    expiresAt: null,
    previousExpiresAt: null,
  });
}
