// The ordering that makes `put` crash-safe: the old secret is copied to `#previous` before the new one
// replaces it, and the index is written last (by the caller). An unchanged secret is never rewritten.
import type { Clock } from '../io/clock.js';
import { registerSecret } from '../util/redact.js';
import type { AuditEntry } from './audit-log.js';
import { fingerprint } from './fingerprint.js';
import { previousAccount, tokenAccount, type SecretVault } from './secret-vault.js';
import { RECORD_SCHEMA_VERSION, type StoredToken, type TokenRecord } from './token-store.js';

export interface PutOneResult {
  record: TokenRecord;
  audit: AuditEntry;
}

export interface PutContext {
  vault: SecretVault;
  profile: string;
  command: string;
  clock: Clock;
}

export async function putOne(ctx: PutContext, token: StoredToken, existing: TokenRecord | undefined): Promise<PutOneResult> {
  const { vault, profile } = ctx;
  const name = token.record.name;
  const account = tokenAccount(profile, name);
  const newFingerprint = fingerprint(token.secret);
  registerSecret(token.secret);
  let previous = existing?.previous;
  let oldFingerprint = existing?.fingerprint ?? null;
  let outcome: AuditEntry['outcome'] = existing ? 'unchanged' : 'stored';
  // The index says this secret is already stored: skip the keychain entirely.
  if (existing?.fingerprint !== newFingerprint) {
    const current = await vault.get(account);
    if (current !== undefined) oldFingerprint = fingerprint(current);
    if (current !== token.secret) {
      if (current !== undefined) {
        await vault.set(previousAccount(profile, name), current);
        previous = {
          fingerprint: oldFingerprint!,
          obtainedAt: existing?.obtainedAt ?? new Date(ctx.clock.now()).toISOString(),
          expiresAt: existing?.expiresAt ?? null,
        };
        outcome = 'replaced';
      } else {
        outcome = 'stored';
      }
      await vault.set(account, token.secret);
    }
  }
  const record: TokenRecord = { ...token.record, schemaVersion: RECORD_SCHEMA_VERSION, fingerprint: newFingerprint };
  if (previous) record.previous = previous;
  else delete record.previous;
  return {
    record,
    audit: {
      time: new Date(ctx.clock.now()).toISOString(),
      command: ctx.command,
      profile,
      name,
      action: 'put',
      outcome,
      oldFingerprint,
      newFingerprint,
      expiresAt: record.expiresAt,
      previousExpiresAt: existing?.expiresAt ?? null,
    },
  };
}
