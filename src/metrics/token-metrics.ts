// fbtok's metric families, from the stored records, an optional online check and the last usage seen.
// No secret and no fingerprint in any label: names, types and subject ids only (what `fbtok status` shows).
import type { TokenRecord } from '../store/token-store.js';
import type { Family } from './exposition.js';
import type { UsageSnapshot } from '../usage/usage-state.js';
import { usagePercentByHeader } from '../usage/usage-state.js';

export interface MetricsInput {
  profile: string;
  store: string;
  records: TokenRecord[];
  /** Token name → valid, for the tokens checked online this run. */
  valid?: Map<string, boolean>;
  /** ms; when tokens were last checked online (this run, or a previous one). */
  lastCheckMs?: number;
  usage?: UsageSnapshot;
}

const seconds = (iso: string | null): number | undefined => {
  if (iso === null) return undefined;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
};

export function tokenFamilies(input: MetricsInput): Family[] {
  const { profile, records } = input;
  const at = (name: string) => ({ profile, name });
  const timestamps = (pick: (r: TokenRecord) => string | null) =>
    records.flatMap((r) => {
      const value = seconds(pick(r));
      return value === undefined ? [] : [{ labels: at(r.name), value }];
    });
  const usage = input.usage ? usagePercentByHeader(input.usage) : [];
  return [
    { name: 'fbtok_token_expiry_timestamp_seconds', help: 'When the token expires (Unix seconds); absent when it never does.', samples: timestamps((r) => r.expiresAt) },
    { name: 'fbtok_token_data_access_expiry_timestamp_seconds', help: 'When data access ends (Unix seconds); absent when never.', samples: timestamps((r) => r.dataAccessExpiresAt) },
    {
      name: 'fbtok_token_valid',
      help: '1 when Facebook called the token valid at the last check, else 0; only for tokens checked (status --check).',
      samples: records.filter((r) => input.valid?.has(r.name)).map((r) => ({ labels: at(r.name), value: input.valid!.get(r.name) ? 1 : 0 })),
    },
    {
      name: 'fbtok_token_info',
      help: 'A stored token: its type, the user, Page or system user it acts as, and the store.',
      samples: records.map((r) => ({ labels: { ...at(r.name), type: r.type, subject_id: r.subjectId ?? '', store: input.store }, value: 1 })),
    },
    { name: 'fbtok_last_check_timestamp_seconds', help: 'When tokens were last checked online (Unix seconds).', samples: input.lastCheckMs === undefined ? [] : [{ labels: { profile }, value: Math.floor(input.lastCheckMs / 1000) }] },
    { name: 'fbtok_graph_usage_percent', help: 'Highest rate-limit usage seen, by header (100 = throttled).', samples: usage.map((u) => ({ labels: { profile, header: u.header }, value: u.percent })) },
  ];
}
