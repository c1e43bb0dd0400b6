// Expiry dates and time left as people read them; --json carries ISO strings instead.
import { formatTimeLeft } from '../util/duration.js';
import { msOrNull } from './token-record.js';

/** "2026-09-30 12:00 UTC (59d 23h left)", "... (expired 2h ago)", "never" for null. */
export function formatExpiry(ms: number | null, nowMs: number): string {
  if (ms === null) return 'never';
  const left = formatTimeLeft(ms, nowMs);
  return `${formatDate(ms)} (${ms >= nowMs ? `${left} left` : left})`;
}

/** "2026-09-30 12:00 UTC": minutes are enough for people. */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** Time left of an ISO expiry: "59d 23h", "expired 2h ago", "never" for null. */
export function timeLeftOf(iso: string | null, nowMs: number): string {
  return formatTimeLeft(msOrNull(iso), nowMs);
}
