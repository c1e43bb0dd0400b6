// The usage figures `fbtok usage` read last, kept in the state dir so `status --format openmetrics` can
// export them between runs. Figures only: no token, no secret.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';

export interface UsageEntry {
  /** 'X-App-Usage' or 'X-Business-Use-Case-Usage' (or a legacy header). */
  header: string;
  /** The stored token whose call answered it. */
  token: string;
  /** X-Business-Use-Case-Usage: the business object (Page) id and the use-case type. */
  object?: string;
  type?: string;
  callCount: number | null;
  totalCputime: number | null;
  totalTime: number | null;
  /** Minutes until access comes back, when Facebook said. */
  regainMinutes?: number;
}

export interface UsageSnapshot {
  /** ISO 8601. */
  at: string;
  entries: UsageEntry[];
}

export function usageStatePath(stateDir: string): string {
  return join(stateDir, 'usage.json');
}

export async function saveUsage(stateDir: string, snapshot: UsageSnapshot): Promise<void> {
  await writeFileAtomic(usageStatePath(stateDir), `${JSON.stringify(snapshot)}\n`, 0o600);
}

/** The last snapshot, or undefined when there is none (or it is unreadable: a figure is never worth a failure). */
export async function loadUsage(stateDir: string): Promise<UsageSnapshot | undefined> {
  try {
    const value = JSON.parse(await readFile(usageStatePath(stateDir), 'utf8')) as UsageSnapshot;
    return typeof value?.at === 'string' && Array.isArray(value.entries) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function percentOf(entry: UsageEntry): number {
  return Math.max(entry.callCount ?? 0, entry.totalCputime ?? 0, entry.totalTime ?? 0);
}

/** The highest percentage per header, in first-seen order. */
export function usagePercentByHeader(snapshot: UsageSnapshot): Array<{ header: string; percent: number }> {
  const top = new Map<string, number>();
  for (const entry of snapshot.entries) {
    if (typeof entry?.header !== 'string') continue;
    top.set(entry.header, Math.max(top.get(entry.header) ?? 0, percentOf(entry)));
  }
  return [...top].map(([header, percent]) => ({ header, percent }));
}
