// (code, subcode) → exit code and a one-line remedy in a bot developer's words.
// Codes: https://developers.facebook.com/docs/graph-api/guides/error-handling
// Rate limits: https://developers.facebook.com/docs/graph-api/overview/rate-limiting
import { ExitCode } from '../errors.js';

/** Device-login polling subcodes: answers of the poll, not failures (the device flow handles them). */
export const DEVICE_SUBCODES = { pending: 1349174, slowDown: 1349172, expired: 1349152 } as const;

const DEVICE_SUBCODE_SET = new Set<number>(Object.values(DEVICE_SUBCODES));
const RATE_LIMIT_CODES = new Set([4, 17, 32, 341, 613]);

export function isDeviceLoginSubcode(subcode: number | null | undefined): boolean {
  return subcode != null && DEVICE_SUBCODE_SET.has(subcode);
}

/** 4, 17, 32, 341, 613 and the Business Use Case range 80000-80014; never a device-login answer. */
export function isRateLimitCode(code: number | null | undefined, subcode?: number | null): boolean {
  if (code == null || isDeviceLoginSubcode(subcode)) return false;
  return RATE_LIMIT_CODES.has(code) || (code >= 80000 && code <= 80014);
}

export function isTokenCode(code: number | null | undefined): boolean {
  return code === 190 || code === 102;
}

export function isPermissionCode(code: number | null | undefined): boolean {
  return code === 10 || (code != null && code >= 200 && code <= 299);
}

const LOGIN = 'Run `fbtok login` to get a new token.';

const SUBCODE_190: Record<number, string> = {
  458: 'The app is not installed for this user (or was removed): run `fbtok login` again.',
  459: 'The account is checkpointed: log in on facebook.com, clear the checkpoint, then run `fbtok login`.',
  460: 'The password changed, which killed the token and its Page tokens: run `fbtok login` and re-derive Page tokens.',
  463: 'The token expired: run `fbtok login`; then run `fbtok rotate` from cron so tokens are renewed before they expire.',
  464: 'The user is not confirmed: confirm the account on facebook.com, then run `fbtok login`.',
  466: 'The session was invalidated by an API call (e.g. the app was de-authorized): run `fbtok login`.',
  467: 'The token is invalid: run `fbtok login` to get a new one.',
  492: 'The user lost their role on the Page: regain the role, run `fbtok login`, then re-derive the Page tokens.',
  493: 'Data access expired after ~90 days without use: run `fbtok login` to renew it.',
};

/**
 * The login code's PKCE verifier does not match the challenge the dialog was given: the code came from
 * another login (an injected or intercepted code looks exactly like this). Never "turn PKCE off".
 */
export const PKCE_MISMATCH_SUBCODE = 36010;
export const PKCE_MISMATCH_REMEDY =
  'The login code did not belong to this login (its PKCE verifier does not match): start again with `fbtok login` and finish it in the browser window that run opens.';

const DEVICE: Record<number, string> = {
  [DEVICE_SUBCODES.pending]: 'Waiting for the user to enter the code at facebook.com/device.',
  [DEVICE_SUBCODES.slowDown]: 'Polling too fast: wait longer between device-login polls.',
  [DEVICE_SUBCODES.expired]: 'The device code expired: start the device login again.',
};

const BY_CODE: Record<number, string> = {
  1: 'Facebook had an unknown error: try again in a minute; if it persists check https://metastatus.com.',
  2: 'Facebook had a temporary service error: try again in a minute.',
  4: 'The app hit its app-level rate limit (X-App-Usage): wait, then spread calls out.',
  10: 'The app lacks a permission for this call: add it to the scopes and ask again (`fbtok login --scopes ... --auth-type rerequest`).',
  17: 'The user hit their rate limit: wait, then make fewer calls with this token.',
  32: 'The Page hit its rate limit: wait, then make fewer calls for this Page.',
  100: 'Facebook rejected a parameter (an id, field or redirect URI): check the values passed to fbtok.',
  101: 'Facebook does not know this app id: check `fbtok config get app-id` (or FBTOK_APP_ID) against App settings > Basic.',
  102: 'The session is invalid: run `fbtok login` to get a new token.',
  190: LOGIN,
  341: 'The app hit an application limit: wait, then spread calls out.',
  368: 'The account is temporarily blocked for policy reasons: stop and try much later; retrying extends the block.',
  613: 'A custom rate limit was hit: wait, then make fewer calls.',
};

/** One line saying what to do next; a generic line for codes the table does not know. */
export function remedyFor(code: number | null | undefined, subcode?: number | null): string {
  if (subcode != null && isDeviceLoginSubcode(subcode)) return DEVICE[subcode];
  if (subcode != null && SUBCODE_190[subcode]) return SUBCODE_190[subcode];
  if (subcode === PKCE_MISMATCH_SUBCODE) return PKCE_MISMATCH_REMEDY;
  if (code == null) return 'Facebook could not be reached or answered oddly: try again; use --verbose to see each request.';
  if (BY_CODE[code]) return BY_CODE[code];
  if (code >= 200 && code <= 299) {
    return 'A permission is missing or was declined: grant it (`fbtok login --auth-type rerequest`) and make sure the user has the Page task it needs.';
  }
  if (code >= 80000 && code <= 80014) {
    return 'The Business Use Case rate limit was hit (X-Business-Use-Case-Usage): wait the estimated time before calling again.';
  }
  return `Facebook refused with error code ${code}, which fbtok does not know: read its message; if it persists, see https://developers.facebook.com/docs/graph-api/guides/error-handling and quote the fbtrace_id.`;
}

/** Codes (and subcodes) this table has a meaning for; any other envelope is "Facebook refused" (exit 6). */
export function isKnownCode(code: number | null | undefined, subcode?: number | null): boolean {
  if (code == null) return false;
  if (isDeviceLoginSubcode(subcode) || subcode === PKCE_MISMATCH_SUBCODE) return true;
  return code in BY_CODE || isPermissionCode(code) || isRateLimitCode(code, subcode);
}

/** Exit code for a Graph error envelope (README "Exit codes"). */
export function exitCodeFor(code: number | null | undefined, subcode: number | null | undefined, status: number): number {
  if (code != null) {
    // A device-login answer reaching this far is fbtok's own bug: the device flow handles them.
    if (isDeviceLoginSubcode(subcode)) return ExitCode.unexpected;
    if (isTokenCode(code) || subcode === PKCE_MISMATCH_SUBCODE) return ExitCode.tokenInvalid;
    // Token subcodes mean "log in again" whatever top-level code carries them.
    if (subcode != null && ((subcode >= 458 && subcode <= 467) || subcode === 492 || subcode === 493)) {
      return ExitCode.tokenInvalid;
    }
    if (isPermissionCode(code)) return ExitCode.missingPermission;
    if (isRateLimitCode(code, subcode) || code === 368) return ExitCode.rateLimited;
    if (code === 1 || code === 2) return ExitCode.graphUnavailable;
    if (code === 100 || code === 101) return ExitCode.usage;
  }
  // Facebook answered with an error fbtok has no rule for (an unknown code, or none): Facebook refused,
  // which is exit 6 like any other failing Graph; exit 1 stays for fbtok's own bugs.
  return ExitCode.graphUnavailable;
}
