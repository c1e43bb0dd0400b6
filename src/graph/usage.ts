// Rate-limit usage headers, parsed tolerantly: a header that is not the JSON we expect is ignored.
// https://developers.facebook.com/docs/graph-api/overview/rate-limiting
import type { UsageFigure } from './types.js';

export const USAGE_HEADERS = ['X-App-Usage', 'X-Business-Use-Case-Usage', 'X-Ad-Account-Usage', 'X-Page-Usage'] as const;

/** Fields holding whole percentages (X-Ad-Account-Usage uses acc_id_util_pct). */
const PERCENT_FIELDS = ['call_count', 'total_cputime', 'total_time', 'acc_id_util_pct'];

/** One figure per usage header present: its highest percentage and, when given, the minutes until access returns. */
export function parseUsageHeaders(headers: Record<string, string | string[] | undefined>): UsageFigure[] {
  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) lower.set(name.toLowerCase(), Array.isArray(value) ? value.join(',') : value);
  }
  const figures: UsageFigure[] = [];
  for (const header of USAGE_HEADERS) {
    const raw = lower.get(header.toLowerCase());
    if (raw === undefined) continue;
    const figure = parseOne(header, raw);
    if (figure) figures.push(figure);
  }
  return figures;
}

function parseOne(header: string, raw: string): UsageFigure | undefined {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  // X-Business-Use-Case-Usage is {businessId: [{type, call_count, ..., estimated_time_to_regain_access}]};
  // the others are one flat object. Walk both shapes alike.
  const entries = header === 'X-Business-Use-Case-Usage' ? Object.values(json).flat() : [json];
  let percent: number | undefined;
  let regain: number | undefined;
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null) continue;
    const record = entry as Record<string, unknown>;
    for (const field of PERCENT_FIELDS) {
      const value = toNumber(record[field]);
      if (value !== undefined) percent = Math.max(percent ?? 0, value);
    }
    const minutes = toNumber(record.estimated_time_to_regain_access);
    if (minutes !== undefined) regain = Math.max(regain ?? 0, minutes);
    // Ads API: reset_time_duration is in seconds.
    const seconds = toNumber(record.reset_time_duration);
    if (seconds !== undefined && seconds > 0) regain = Math.max(regain ?? 0, seconds / 60);
  }
  if (percent === undefined && regain === undefined) return undefined;
  const figure: UsageFigure = { header, percent: percent ?? 0 };
  if (regain !== undefined) figure.regainAccessMinutes = regain;
  return figure;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** The highest figure, or undefined when none. */
export function highestUsage(figures: readonly UsageFigure[]): UsageFigure | undefined {
  let best: UsageFigure | undefined;
  for (const figure of figures) if (!best || figure.percent > best.percent) best = figure;
  return best;
}

/** The longest "regain access" estimate among the figures, in minutes. */
export function regainAccessMinutes(figures: readonly UsageFigure[]): number | undefined {
  let minutes: number | undefined;
  for (const figure of figures) {
    if (figure.regainAccessMinutes !== undefined) minutes = Math.max(minutes ?? 0, figure.regainAccessMinutes);
  }
  return minutes;
}
