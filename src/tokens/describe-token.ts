// The human and --json view of what debug_token says about a token, shared by debug-token and status --check.
// https://developers.facebook.com/docs/graph-api/reference/debug_token
import type { TokenInfo } from '../graph/debug-token.js';
import type { TokenRecord } from '../store/token-store.js';
import { remedyFor } from '../graph/remedies.js';
import { formatDate, formatExpiry } from './lifetime.js';
import { isoOrNull, subjectIdOf } from './token-record.js';
import { formatSpan } from '../util/duration.js';
import { remedyOf, type PermissionDiagnosis } from './diagnose-permissions.js';

/** The --json shape of `debug-token` (dates as ISO 8601; expiresAt null = never). */
export interface TokenView {
  name?: string;
  valid: boolean;
  type: string | null;
  appId: string | null;
  application: string | null;
  /** Whom the token acts as (the Page for a Page token, else the user), as in every command's --json. */
  subjectId: string | null;
  /** Deprecated: debug_token's user_id; `subjectId` is the word every command uses. */
  userId: string | null;
  /** Deprecated: debug_token's profile_id (the Page); `subjectId` is the word every command uses. */
  profileId: string | null;
  scopes: string[];
  granularScopes: Array<{ scope: string; targetIds: string[] | null }>;
  issuedAt: string | null;
  expiresAt: string | null;
  dataAccessExpiresAt: string | null;
  missingScopes: string[];
  /** Why each missing permission is missing, with its fix (from /me/permissions); empty when none is missing. */
  missingCauses: PermissionDiagnosis[];
  extraScopes: string[];
  error: { code: number | null; subcode: number | null; message: string } | null;
  remedy: string | null;
}

export interface ViewOptions {
  name?: string;
  /** --require: permissions that must be granted; the rest of the granted ones become extraScopes. */
  require?: string[];
  /** Permissions fbtok needs for what is stored (public_profile, pages_show_list with Page tokens): never extras. */
  needed?: readonly string[];
  /** Causes of the missing permissions, when they could be looked up. */
  causes?: PermissionDiagnosis[];
}

export function viewOfInfo(info: TokenInfo, options: ViewOptions = {}): TokenView {
  const required = options.require ?? [];
  const missingScopes = required.filter((s) => !info.scopes.includes(s));
  const needed = new Set(['public_profile', ...(options.needed ?? [])]);
  const extraScopes = required.length > 0 ? info.scopes.filter((s) => !required.includes(s) && !needed.has(s)) : [];
  const causes = (options.causes ?? []).filter((c) => missingScopes.includes(c.scope));
  const error = info.valid ? null : errorOf(info);
  return {
    ...(options.name === undefined ? {} : { name: options.name }),
    valid: info.valid,
    type: info.type,
    appId: info.appId,
    application: info.application,
    subjectId: subjectIdOf(info),
    userId: info.userId,
    profileId: info.profileId,
    scopes: [...info.scopes],
    granularScopes: info.granularScopes.map((g) => ({ scope: g.scope, targetIds: g.targetIds ? [...g.targetIds] : null })),
    issuedAt: isoOrNull(info.issuedAt),
    expiresAt: isoOrNull(info.expiresAt),
    dataAccessExpiresAt: isoOrNull(info.dataAccessExpiresAt),
    missingScopes,
    missingCauses: causes,
    extraScopes,
    error,
    remedy: error ? remedyFor(error.code ?? 190, error.subcode) : missingScopes.length > 0 ? (causes.length > 0 ? remedyOf(causes) : missingRemedy(missingScopes)) : null,
  };
}

function errorOf(info: TokenInfo): TokenView['error'] {
  const e = info.error;
  return { code: e?.code ?? null, subcode: e?.subcode ?? null, message: e?.message ?? 'Facebook says the token is not valid.' };
}

function missingRemedy(missing: string[]): string {
  return `Log in again asking for ${missing.join(', ')} (\`fbtok config set scopes ...\`, then \`fbtok login\`); for a Page token, re-derive it with \`fbtok page-tokens\` afterwards.`;
}

/** Page id → Page name, from the stored Page records. */
export function pageNamesOf(records: TokenRecord[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const r of records) if (r.type === 'PAGE' && r.subjectId && r.subjectName) names.set(r.subjectId, r.subjectName);
  return names;
}

export interface DescribeContext {
  now: number;
  pageNames: Map<string, string>;
}

const MAX_TARGETS_SHOWN = 10;

/** Aligned "label  value" lines for people; never contains the token. */
export function describeLines(view: TokenView, dc: DescribeContext): string[] {
  const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));
  const rows: Array<[string, string]> = [
    ['valid', view.valid ? 'yes' : 'NO'],
    ['type', view.type ?? '-'],
    ['app', view.appId ? `${view.application ?? '?'} (${view.appId})` : '-'],
    ['user', view.userId ?? '-'],
    ['page', view.profileId ? pageLabel(view.profileId, dc.pageNames) : '-'],
    ['issued', view.issuedAt ? `${formatDate(ms(view.issuedAt)!)} (${formatSpan(Math.max(0, dc.now - ms(view.issuedAt)!))} ago)` : '-'],
    // An invalid token's expiry fields are empty (0): "never" would read as good news.
    ['expires', view.valid || view.expiresAt ? formatExpiry(ms(view.expiresAt), dc.now) : '-'],
    ['data access', view.dataAccessExpiresAt ? formatExpiry(ms(view.dataAccessExpiresAt), dc.now) : view.valid ? 'never' : '-'],
    ['scopes', view.scopes.length > 0 ? view.scopes.join(', ') : '-'],
  ];
  for (const g of view.granularScopes.filter((g) => g.targetIds)) rows.push([`  ${g.scope}`, targetsLabel(g.targetIds!, dc.pageNames)]);
  if (view.missingScopes.length > 0) rows.push(['missing', view.missingScopes.map((s) => `${s}${causeLabel(view, s)}`).join(', ')]);
  if (view.extraScopes.length > 0) rows.push(['not required', `${view.extraScopes.join(', ')} (candidates to drop)`]);
  if (view.error) rows.push(['error', `${view.error.message}${codeLabel(view.error)}`]);
  if (view.remedy) rows.push(['remedy', view.remedy]);
  const width = Math.max(...rows.map(([label]) => label.length));
  const header = view.name === undefined ? [] : [`${view.name}`];
  return [...header, ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`)];
}

function pageLabel(id: string, names: Map<string, string>): string {
  const name = names.get(id);
  return name ? `${name} (${id})` : id;
}

function targetsLabel(ids: string[], names: Map<string, string>): string {
  const shown = ids.slice(0, MAX_TARGETS_SHOWN).map((id) => pageLabel(id, names));
  const more = ids.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

function codeLabel(error: NonNullable<TokenView['error']>): string {
  if (error.code === null) return '';
  return error.subcode === null ? ` [code ${error.code}]` : ` [code ${error.code}/${error.subcode}]`;
}

const CAUSE_LABELS: Record<string, string> = {
  'missing-on-page-token': 'the user token has it',
  declined: 'declined',
  expired: 'expired',
  'never-asked': 'never asked for',
  'not-approved': 'granted, but the app lacks it in App Review',
};

function causeLabel(view: TokenView, scope: string): string {
  const label = CAUSE_LABELS[view.missingCauses.find((c) => c.scope === scope)?.cause ?? ''];
  return label ? ` (${label})` : '';
}
