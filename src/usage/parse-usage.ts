// The usage headers field by field, for `fbtok usage`'s table (graph/usage.ts keeps only the highest figure).
// Tolerant: a header that is not the JSON we expect gives no entry.
import type { UsageEntry } from './usage-state.js';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);

export function usageEntries(headers: Record<string, string>, token: string): UsageEntry[] {
  const entries: UsageEntry[] = [];
  for (const [name, raw] of Object.entries(headers)) {
    const header = ['X-App-Usage', 'X-Business-Use-Case-Usage', 'X-Page-Usage', 'X-Ad-Account-Usage'].find((h) => h.toLowerCase() === name.toLowerCase());
    if (!header) continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      continue;
    }
    if (typeof json !== 'object' || json === null) continue;
    if (header === 'X-Business-Use-Case-Usage') {
      for (const [object, list] of Object.entries(json)) {
        for (const item of Array.isArray(list) ? list : []) {
          if (typeof item !== 'object' || item === null) continue;
          const entry = figures(header, token, item as Record<string, unknown>);
          entry.object = /^\d{1,25}$/.test(object) ? object : undefined;
          const type = (item as Record<string, unknown>).type;
          if (typeof type === 'string') entry.type = type.replace(/[^\w-]/g, '').slice(0, 40);
          entries.push(entry);
        }
      }
    } else entries.push(figures(header, token, json as Record<string, unknown>));
  }
  return entries;
}

function figures(header: string, token: string, r: Record<string, unknown>): UsageEntry {
  const entry: UsageEntry = { header, token, callCount: num(r.call_count ?? r.acc_id_util_pct), totalCputime: num(r.total_cputime), totalTime: num(r.total_time) };
  const regain = num(r.estimated_time_to_regain_access);
  if (regain !== null) entry.regainMinutes = regain;
  return entry;
}
