// One JSON line per change to the store, for `fbtok log`. Fingerprints and dates only: never a secret.
import { mkdir, open } from 'node:fs/promises';
import { readTextFile } from '../util/read-text-file.js';
import { join } from 'node:path';
import { StoreUnavailableError } from '../errors.js';

export type AuditAction = 'put' | 'update' | 'delete' | 'set-app-secret' | 'attempt' | 'hook';
/**
 * 'stored' (new name), 'replaced' (old secret kept as previous), 'unchanged', 'updated', 'deleted', 'missing'
 * (no such name), 'failed'; 'intent' is written before a secret changes, so a process killed mid-write
 * still leaves a trace of what it was replacing. Open: a later release may write outcomes this one does not know.
 */
export type AuditOutcome = 'stored' | 'replaced' | 'unchanged' | 'updated' | 'deleted' | 'missing' | 'failed' | 'intent' | (string & {});

export interface AuditEntry {
  time: string;
  command: string;
  profile: string;
  name: string;
  action: AuditAction;
  outcome: AuditOutcome;
  oldFingerprint: string | null;
  newFingerprint: string | null;
  expiresAt: string | null;
  previousExpiresAt: string | null;
}

export function auditLogPath(stateDir: string): string {
  return join(stateDir, 'audit.log');
}

/** Appends with O_APPEND in one write, so concurrent fbtok processes never interleave inside a line. */
export async function appendAuditLog(stateDir: string, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const handle = await open(auditLogPath(stateDir), 'a+', 0o600);
  try {
    // A line torn by a crash would swallow the next entry; start on a fresh line instead.
    const { size } = await handle.stat();
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    await handle.write(prefix + entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
  } finally {
    await handle.close();
  }
}

/** Every complete entry, oldest first; a torn or foreign line is skipped, a missing log is empty. */
export async function readAuditLog(stateDir: string): Promise<AuditEntry[]> {
  let text: string;
  try {
    text = await readTextFile(auditLogPath(stateDir));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    if (error instanceof StoreUnavailableError) throw error;
    throw new StoreUnavailableError(
      `Cannot read the audit log ${auditLogPath(stateDir)} (${code ?? 'unknown error'}).`,
      'Move it aside (fbtok starts a new one at the next change), or fix its permissions.',
      error,
    );
  }
  const entries: AuditEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const value = JSON.parse(line) as AuditEntry;
      if (value && typeof value.time === 'string' && typeof value.action === 'string') entries.push(value);
    } catch {
      // Torn by a crash mid-write: skip it.
    }
  }
  return withoutSettledIntents(entries);
}

/**
 * An intent followed by its outcome (same command, profile, name, action and new fingerprint) says nothing
 * the outcome does not: only intents a crash left without an outcome are kept, as `intent`.
 */
export function withoutSettledIntents(entries: AuditEntry[]): AuditEntry[] {
  const key = (e: AuditEntry) => JSON.stringify([e.command, e.profile, e.name, e.action, e.newFingerprint]);
  const open = new Map<string, number[]>();
  const settled = new Set<number>();
  entries.forEach((e, i) => {
    const k = key(e);
    if (e.outcome === 'intent') open.set(k, [...(open.get(k) ?? []), i]);
    else if (open.get(k)?.length) settled.add(open.get(k)!.shift()!);
  });
  return entries.filter((_, i) => !settled.has(i));
}

/** The entry written before a change: what is about to happen to `name`. */
export function intentOf(entry: Omit<AuditEntry, 'outcome'>): AuditEntry {
  return { ...entry, outcome: 'intent' };
}
