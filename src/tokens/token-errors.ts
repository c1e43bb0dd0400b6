// Errors for tokens that debug_token rejected, with the remedy for Facebook's (code, subcode).
import type { TokenInfo } from '../graph/debug-token.js';
import { remedyFor } from '../graph/remedies.js';
import { ExitCode, FbtokError, TokenInvalidError, UsageError } from '../errors.js';

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
 * Exit 2: no stored token of that name. A usage problem, not a dead token (exit 3 means only a new login
 * helps). `what` says where it was looked for; the remedy points to the stored names, and for the usual
 * names also to how such a token is obtained (user: log in; page:<id>: page-tokens).
 */
export function tokenNotFound(what: string, firstName: string): UsageError {
  const list = '`fbtok token list` shows the stored names.';
  const remedy =
    firstName === 'user'
      ? `Run \`fbtok login\` first; ${list}`
      : firstName.startsWith('page:')
        ? `Run \`fbtok page-tokens\`; ${list}`
        : list;
  return new UsageError(`No token named ${what}.`, remedy, 'TOKEN_NOT_FOUND');
}

/** What holds the secrets of a store kind, as people call it: "keychain", "token file", "docker-credential-pass helper". */
export function vaultLabel(storeKind: string): string {
  if (storeKind === 'file') return 'token file';
  if (storeKind.startsWith('helper:')) return `docker-credential-${storeKind.slice('helper:'.length)} helper`;
  return storeKind;
}

/** How a token of this name is obtained again. */
export function obtainAgain(name: string): string {
  if (name === 'user') return '`fbtok login`';
  if (name.startsWith('page:')) return '`fbtok page-tokens`';
  return '`fbtok token import --token-stdin --name ' + name + ' --force`';
}

/**
 * Exit 7: the index lists the name but the vault has no entry (deleted by another tool, a keychain reset, a
 * helper that lost it). Not "no token named": the index says otherwise, and `token list` shows it.
 */
export function secretMissing(names: string[], storeKind: string, suffix = ''): FbtokError {
  const list = names.map((n) => `"${n}"`).join(', ');
  const first = names[0];
  return new FbtokError(`The index lists ${list} but the ${vaultLabel(storeKind)} has no entry for ${names.length === 1 ? 'it' : 'them'}${suffix}.`, {
    code: 'SECRET_MISSING',
    exitCode: ExitCode.storeUnavailable,
    remedy: `Get it again with ${obtainAgain(first)}, or drop the stale record: \`fbtok token delete ${first}\`.`,
  });
}
