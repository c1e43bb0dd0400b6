// How `fbtok token export` writes tokens for other tools. Variable names come from token names:
//   user → FB_USER_ACCESS_TOKEN, page:123 → FB_PAGE_123_ACCESS_TOKEN, system-user:ci → FB_SYSTEM_USER_CI_ACCESS_TOKEN
// (upper case; every run of characters other than A-Z and 0-9 becomes one underscore).
import { randomUUID } from 'node:crypto';

export const EXPORT_FORMATS = ['env', 'dotenv', 'json', 'github'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportedToken {
  name: string;
  secret: string;
}

export function variableNameFor(tokenName: string): string {
  const middle = tokenName.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return `FB_${middle || 'TOKEN'}_ACCESS_TOKEN`;
}

/** `export FB_USER_ACCESS_TOKEN='...'` lines for `eval "$(fbtok token export)"`. */
export function formatEnv(tokens: ExportedToken[]): string[] {
  return tokens.map((t) => `export ${variableNameFor(t.name)}=${shellQuote(t.secret)}`);
}

/** `FB_USER_ACCESS_TOKEN=...` lines for a .env file. */
export function formatDotenv(tokens: ExportedToken[]): string[] {
  return tokens.map((t) => `${variableNameFor(t.name)}=${/^[A-Za-z0-9._~|-]*$/.test(t.secret) ? t.secret : JSON.stringify(t.secret)}`);
}

/** `{"user": "...", "page:123": "..."}`: keyed by token name, as JSON has no naming limits. */
export function formatJson(tokens: ExportedToken[]): string {
  return JSON.stringify(Object.fromEntries(tokens.map((t) => [t.name, t.secret])), null, 2);
}

/** `::add-mask::` workflow commands, so the runner hides the values from every later log line. */
export function githubMasks(tokens: ExportedToken[]): string[] {
  return tokens.map((t) => `::add-mask::${t.secret}`);
}

/**
 * `NAME<<DELIMITER` blocks for $GITHUB_OUTPUT / $GITHUB_ENV: the multiline syntax is safe for any value,
 * with a random delimiter that cannot occur in it (as @actions/core does).
 * https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#multiline-strings
 */
export function githubFileEntries(tokens: ExportedToken[], newDelimiter: () => string = () => `ghadelimiter_${randomUUID()}`): string {
  return tokens
    .map((t) => {
      let delimiter = newDelimiter();
      while (t.secret.includes(delimiter)) delimiter = newDelimiter();
      return `${variableNameFor(t.name)}<<${delimiter}\n${t.secret}\n${delimiter}\n`;
    })
    .join('');
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9._~-]*$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
