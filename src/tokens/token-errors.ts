// Errors for tokens that debug_token rejected, with the remedy for Facebook's (code, subcode).
import type { TokenInfo } from '../graph/debug-token.js';
import { remedyFor } from '../graph/remedies.js';
import { ExitCode, FbtokError, TokenInvalidError } from '../errors.js';

/** Exit 3: "<label> is not valid: <Facebook's reason> [code 190/463]", remedy from the subcode table. */
export function invalidTokenError(info: Pick<TokenInfo, 'error'>, label: string): TokenInvalidError {
  const e = info.error;
  const code = e?.code ?? 190;
  const reason = e?.message ? `: ${e.message}` : '';
  const codes = e?.code == null ? '' : e.subcode == null ? ` [code ${e.code}]` : ` [code ${e.code}/${e.subcode}]`;
  return new TokenInvalidError(`${label} is not valid${reason}${codes}`, remedyFor(code, e?.subcode ?? null));
}

/** "The token" or 'The token "page:123"'. */
export function tokenLabel(name: string | undefined): string {
  return name ? `The token "${name}"` : 'The token';
}

/**
 * Exit 3: no stored token of that name. `what` says where it was looked for; the remedy says how such a
 * token is obtained (user: log in; page:<id>: page-tokens; anything else: see the list).
 */
export function tokenNotFound(what: string, firstName: string): FbtokError {
  return new FbtokError(`No token named ${what}.`, {
    code: 'TOKEN_NOT_FOUND',
    exitCode: ExitCode.tokenInvalid,
    remedy:
      firstName === 'user'
        ? 'Run `fbtok login` first.'
        : firstName.startsWith('page:')
          ? 'Run `fbtok page-tokens`, or see `fbtok token list`.'
          : 'See the stored names with `fbtok token list`.',
  });
}
