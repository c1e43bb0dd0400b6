// The ways a login ends without a token, each with its exit code and remedy (README "Exit codes").
import { ExitCode, FbtokError } from '../errors.js';

/** The user pressed Cancel, or Facebook refused (error= callback). Exit 3: only a new login helps. */
export class LoginDeniedError extends FbtokError {
  constructor(detail: string) {
    super(`The login was denied or cancelled in the browser (${detail}).`, {
      code: 'LOGIN_DENIED',
      exitCode: ExitCode.tokenInvalid,
      remedy: 'Run `fbtok login` again and choose Continue; to grant permissions declined earlier add `--auth-type rerequest`.',
    });
    this.name = 'LoginDeniedError';
  }
}

/**
 * No callback within --wait. Exit 2 (configuration): the usual cause is a redirect URI the app does not
 * allow (the browser then shows Facebook's "URL blocked" page and never comes back), not a bad token.
 */
export class LoginTimeoutError extends FbtokError {
  constructor(waitedMs: number, redirectUri: string) {
    super(`No login arrived at ${redirectUri} within ${Math.round(waitedMs / 1000)} s.`, {
      code: 'LOGIN_TIMEOUT',
      exitCode: ExitCode.usage,
      remedy:
        `If the browser showed "URL blocked", add ${redirectUri} to Valid OAuth Redirect URIs (Development mode only) ` +
        'or use `fbtok login --device`; otherwise give more time with --wait 10m.',
    });
    this.name = 'LoginTimeoutError';
  }
}

/** A pasted URL from another login attempt (or someone else's). */
export class StateMismatchError extends FbtokError {
  constructor() {
    super("The pasted URL's state does not match this login: it comes from another login attempt.", {
      code: 'STATE_MISMATCH',
      exitCode: ExitCode.tokenInvalid,
      remedy: 'Run `fbtok login --manual` again and paste the URL the browser ends on for that same run.',
    });
    this.name = 'StateMismatchError';
  }
}

export function describeDenial(outcome: { error: string; reason: string | null; description: string | null }): string {
  return [outcome.reason ?? outcome.error, outcome.description].filter(Boolean).join(': ');
}
