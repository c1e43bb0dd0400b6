// Why a token lacks a permission, and the fix for that cause, from the user's /me/permissions: re-derive the
// Page token, re-request a declined permission, ask for one never asked, or get the app approved for it.
// https://developers.facebook.com/docs/graph-api/reference/user/permissions
// https://developers.facebook.com/docs/facebook-login/guides/permissions/request-revoke#re-asking-for-declined-permissions
import type { GraphClient } from '../graph/types.js';
import { listPermissions, type Permission } from '../graph/permissions.js';

export type PermissionCause =
  /** The user token carries it; the Page token was derived before (or without) it. */
  | 'missing-on-page-token'
  /** The user declined it (or it was revoked): only a login with auth_type=rerequest asks again. */
  | 'declined'
  /** Granted once, now expired: a login renews it. */
  | 'expired'
  /** Never asked for: not in what the login requested. */
  | 'never-asked'
  /** The user granted it, yet the token does not carry it: the app lacks access to it (App Review). */
  | 'not-approved'
  /** /me/permissions could not be read: the cause is not known. */
  | 'unknown';

export interface PermissionDiagnosis {
  scope: string;
  cause: PermissionCause;
  remedy: string;
}

export interface DiagnoseInput {
  /** Permissions the token lacks. */
  missing: readonly string[];
  /** The user's /me/permissions; null when it could not be read. */
  permissions: readonly Permission[] | null;
  /** What the user token carries (debug_token or its record); null when not known. */
  userScopes: readonly string[] | null;
  /** The token that lacks them is a Page token (derived from the user token). */
  pageToken: boolean;
  /** The profile's configured login scopes. */
  configuredScopes: readonly string[];
}

export function diagnoseMissing(input: DiagnoseInput): PermissionDiagnosis[] {
  return input.missing.map((scope) => ({ scope, ...causeOf(scope, input) }));
}

function causeOf(scope: string, input: DiagnoseInput): Omit<PermissionDiagnosis, 'scope'> {
  if (input.permissions === null) {
    return { cause: 'unknown', remedy: `Log in again asking for ${scope} (\`fbtok login --scopes ${scope}\`)${input.pageToken ? ', then `fbtok page-tokens`' : ''}.` };
  }
  const status = input.permissions.find((p) => p.permission === scope)?.status;
  const thenPages = input.pageToken ? ', then `fbtok page-tokens`' : '';
  if (status === 'declined') {
    return { cause: 'declined', remedy: `${scope} was declined: ask again with \`fbtok login --scopes ${scope} --auth-type rerequest\`${thenPages}.` };
  }
  if (status === 'expired') return { cause: 'expired', remedy: `${scope} has expired: \`fbtok login\` renews it${thenPages}.` };
  if (status === undefined) {
    const configured = input.configuredScopes.includes(scope);
    const ask = configured
      ? `${scope} is in the configured scopes but the user was not asked since: run \`fbtok login\``
      : `${scope} was never asked for: add it to the scopes (\`fbtok config set scopes ${[...input.configuredScopes, scope].join(',')}\`), then run \`fbtok login\``;
    return { cause: 'never-asked', remedy: `${ask}${thenPages}.` };
  }
  // Granted by the user.
  if (input.pageToken && (input.userScopes === null || input.userScopes.includes(scope))) {
    return { cause: 'missing-on-page-token', remedy: `The user token has ${scope}; the Page token was derived without it: run \`fbtok page-tokens\`.` };
  }
  return {
    cause: 'not-approved',
    remedy: `The user granted ${scope}, but the app lacks access to it: request it in App Review (App dashboard > App Review > Permissions and Features); until then only people with a role on the app can use it.`,
  };
}

/** One line for the diagnoses: each cause's fix once, in order. */
export function remedyOf(diagnoses: readonly PermissionDiagnosis[]): string {
  return [...new Set(diagnoses.map((d) => d.remedy))].join(' ');
}

export interface ExplainOptions {
  graph: GraphClient;
  /** A user token of the user (the stored `user`); absent: the cause is unknown. */
  userToken?: string;
  missing: readonly string[];
  userScopes: readonly string[] | null;
  pageToken: boolean;
  configuredScopes: readonly string[];
}

/**
 * Reads /me/permissions once and diagnoses each missing permission. For `debug-token --require`, `doctor` and
 * `page-tokens` warnings. Never throws: a failed read gives the 'unknown' cause and a generic remedy.
 */
export async function explainMissingPermissions(opts: ExplainOptions): Promise<PermissionDiagnosis[]> {
  let permissions: Permission[] | null = null;
  if (opts.userToken && opts.missing.length > 0) {
    try {
      permissions = await listPermissions(opts.graph, { userToken: opts.userToken });
    } catch {
      permissions = null;
    }
  }
  return diagnoseMissing({ ...opts, permissions });
}

/** Permissions fbtok itself needs for what is stored: never "candidates to drop". */
export function neededForStored(storedTypes: readonly string[]): string[] {
  return ['public_profile', ...(storedTypes.includes('PAGE') ? ['pages_show_list'] : [])];
}

/**
 * The fix line for a warning about permissions a token lacks (e.g. `page-tokens`: "pages_messaging is not
 * granted for ..."): pass the user token the Page tokens come from and its debug_token scopes.
 */
export async function missingPermissionRemedy(opts: ExplainOptions): Promise<string> {
  return remedyOf(await explainMissingPermissions(opts));
}
