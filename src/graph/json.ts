// Tolerant readers for Graph JSON: fields may be missing, extra, or a number where a string was expected.

export type JsonRecord = Record<string, unknown>;

export function record(value: unknown): JsonRecord | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}

/** A non-empty string (numbers, e.g. ids, become strings); otherwise null. */
export function str(value: unknown): string | null {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** A finite number, also from a numeric string; otherwise null. */
export function num(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** Date's own limit: a later time cannot be printed (toISOString throws), so it counts as unknown. */
export const MAX_DATE_MS = 8.64e15;

/** ms inside Date's range, else null. */
export function dateMs(ms: number | null): number | null {
  return ms !== null && Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS ? ms : null;
}

/** Unix seconds → ms; 0, absent or beyond Date's range → null. */
export function secondsToMs(value: unknown): number | null {
  const seconds = num(value);
  return seconds !== null && seconds > 0 ? dateMs(seconds * 1000) : null;
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(str).filter((s): s is string => s !== null) : [];
}
