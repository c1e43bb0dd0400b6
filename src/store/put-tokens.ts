// The ordering that makes `put` crash-safe: the old secret is copied to `#previous` before the new one
// replaces it, and the index is written last (by the caller). An unchanged secret is never rewritten.
import { UsageError } from '../errors.js';
import type { Clock } from '../io/clock.js';
import { registerSecret } from '../util/redact.js';
import { intentOf, type AuditEntry } from './audit-log.js';
import { settleBounded } from './bounded.js';
import { fingerprint } from './fingerprint.js';
import { previousAccount, tokenAccount, useBulkRead, type SecretVault } from './secret-vault.js';
import { RECORD_SCHEMA_VERSION, type StoredToken, type TokenRecord } from './token-store.js';

export interface PutOneResult {
  record: TokenRecord;
  audit: AuditEntry;
}

/** Names share the keychain's account space with `#previous` and `config:` entries. */
export function assertTokenName(name: string): void {
  if (!name || name.includes('#') || name.includes('/') || name.startsWith('config:')) {
    throw new UsageError(`"${name}" cannot name a token.`, 'Use e.g. user, page:<page-id>, system-user:<id>, app (no "#", "/", or "config:" prefix).');
  }
}

export interface PutContext {
  vault: SecretVault;
  profile: string;
  command: string;
  clock: Clock;
  /** The vault's current secrets by account, when read in bulk beforehand (absent = none stored). */
  current?: ReadonlyMap<string, string>;
  /** Appends audit lines now (before any secret is written): the intents. */
  audit?: (entries: AuditEntry[]) => Promise<void>;
}

/**
 * Writes the secrets of `tokens` (bounded concurrency, stopping at the first failure) and returns the
 * index records to commit and the audit lines, failures included; `error` is the first failure.
 */
export async function putTokens(
  ctx: PutContext,
  tokens: readonly StoredToken[],
  existing: ReadonlyMap<string, TokenRecord>,
): Promise<{ records: TokenRecord[]; audit: AuditEntry[]; error?: unknown }> {
  for (const t of tokens) assertTokenName(t.record.name);
  // The same name twice in one batch: the last one wins (two concurrent writes of one entry would race).
  tokens = [...new Map(tokens.map((t) => [t.record.name, t])).values()];
  // One hash per secret for the whole put (a thousand Page tokens: hashing three times showed in profiles).
  const fingerprints = tokens.map((t) => fingerprint(t.secret));
  // Secrets the index cannot vouch for must be read first (crash safety); many at once in one call.
  const unknown = tokens.filter((t, i) => existing.get(t.record.name)?.fingerprint !== fingerprints[i]);
  // Intent first: a kill -9 between here and the index write leaves the log saying what was being replaced.
  await ctx.audit?.(
    tokens.flatMap((t, i) => {
      const old = existing.get(t.record.name);
      if (old?.fingerprint === fingerprints[i]) return [];
      return [intentOf({
        time: new Date(ctx.clock.now()).toISOString(),
        command: ctx.command,
        profile: ctx.profile,
        name: t.record.name,
        action: 'put',
        oldFingerprint: old?.fingerprint ?? null,
        newFingerprint: fingerprints[i],
        expiresAt: t.record.expiresAt,
        previousExpiresAt: old?.expiresAt ?? null,
      })];
    }),
  );
  if (useBulkRead(ctx.vault, unknown.length)) {
    ctx = { ...ctx, current: await ctx.vault.getMany!(unknown.map((t) => tokenAccount(ctx.profile, t.record.name))) };
  }
  const settled = await settleBounded(tokens, ctx.vault.concurrency, (t, i) => putOne(ctx, t, existing.get(t.record.name), fingerprints[i]));
  const records: TokenRecord[] = [];
  const audit: AuditEntry[] = [];
  let error: unknown;
  settled.forEach((s, i) => {
    if (s?.ok) {
      records.push(s.value.record);
      audit.push(s.value.audit);
      return;
    }
    if (s && error === undefined) error = s.error;
    const old = existing.get(tokens[i].record.name);
    audit.push({
      time: new Date(ctx.clock.now()).toISOString(),
      command: ctx.command,
      profile: ctx.profile,
      name: tokens[i].record.name,
      action: 'put',
      outcome: 'failed',
      oldFingerprint: old?.fingerprint ?? null,
      newFingerprint: fingerprints[i],
      expiresAt: tokens[i].record.expiresAt,
      previousExpiresAt: old?.expiresAt ?? null,
    });
  });
  return { records, audit, error };
}

export async function putOne(
  ctx: PutContext,
  token: StoredToken,
  existing: TokenRecord | undefined,
  newFingerprint = fingerprint(token.secret),
): Promise<PutOneResult> {
  const { vault, profile } = ctx;
  const name = token.record.name;
  const account = tokenAccount(profile, name);
  registerSecret(token.secret);
  let previous = existing?.previous;
  let oldFingerprint = existing?.fingerprint ?? null;
  let outcome: AuditEntry['outcome'] = existing ? 'unchanged' : 'stored';
  // The index says this secret is already stored: skip the keychain entirely.
  if (existing?.fingerprint !== newFingerprint) {
    const current = ctx.current ? ctx.current.get(account) : await vault.get(account);
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
