import { UsageError } from '../errors.js';

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Parses '90s', '15m', '12h', '7d', '2w' (or a sum such as '1d12h') into milliseconds. */
export function parseDuration(text: string, optionName = 'duration'): number {
  const trimmed = String(text).trim().toLowerCase();
  const re = /(\d+(?:\.\d+)?)([smhdw])/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(trimmed)) !== null) {
    total += Number(m[1]) * UNIT_MS[m[2]];
    matched = re.lastIndex;
  }
  if (trimmed.length === 0 || matched !== trimmed.length || !Number.isFinite(total) || total > 10 * 365 * 86_400_000) {
    throw new UsageError(
      `Invalid ${optionName} "${text.slice(0, 40)}".`,
      'Use a number with a unit: s, m, h, d or w (for example 12h, 7d, 2w).',
      'INVALID_DURATION',
    );
  }
  return Math.round(total);
}

/** '3d 4h', '25m', 'expired 2h ago'; for people, not for parsing. */
export function formatTimeLeft(untilMs: number | null, nowMs: number): string {
  if (untilMs === null) return 'never';
  const delta = untilMs - nowMs;
  const text = formatSpan(Math.abs(delta));
  return delta >= 0 ? text : `expired ${text} ago`;
}

export function formatSpan(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return mins > 0 ? `${hours}h ${mins}m` : `${hours}h`;
  if (minutes > 0) return `${mins}m`;
  return `${Math.floor(ms / 1000)}s`;
}

/** "3s", "0.3s": a timeout as people set it (--timeout is in seconds). */
export function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}
