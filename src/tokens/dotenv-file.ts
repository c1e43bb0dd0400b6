// Updating a .env file in place: the variables we manage get new values (every definition of them),
// missing ones are appended, and every other byte (lines, comments, blank lines, order, CRLF) stays.
// Values are quoted so that dotenv's parser reads back exactly the value written.
import { UsageError } from '../errors.js';

const ASSIGNMENT = /^(\s*(?:export\s+)?)([\w.-]+)(\s*=[ \t]*)/;
const BARE = /^[A-Za-z0-9_./:@+,~|%^-]*$/;

/** The value as dotenv reads it back: bare when safe, else in the first quotes it can hold literally. */
export function quoteDotenvValue(value: string, name: string): string {
  if (BARE.test(value)) return value;
  const simple = !/[\r\n\\]/.test(value);
  if (simple && !value.includes("'")) return `'${value}'`;
  if (simple && !value.includes('`')) return `\`${value}\``;
  // Double quotes are the only form dotenv unescapes (\n and \r, nothing else).
  if (!value.includes('"') && !/\\[nr]/.test(value)) return `"${value.replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
  throw new UsageError(`The value for ${name} cannot be written so that dotenv reads it back unchanged.`, 'Use another format: `fbtok token export --format json`.', 'DOTENV_UNQUOTABLE');
}

export interface DotenvUpdate {
  text: string;
  /** Variables given a definition that was not there. */
  added: string[];
}

/** Rewrites the definitions of `values`' keys in `text` and appends the missing ones. */
export function updateDotenvText(text: string, values: ReadonlyMap<string, string>): DotenvUpdate {
  const lines = text.split(/(?<=\n)/);
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const seen = new Set<string>();
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = ASSIGNMENT.exec(lines[i]);
    if (!m || !values.has(m[2])) {
      out.push(lines[i]);
      continue;
    }
    seen.add(m[2]);
    // The old value may be a quoted one spanning lines: consume through its closing quote.
    let rest = lines[i].slice(m[0].length);
    const quote = rest[0];
    if (quote === '"' || quote === "'" || quote === '`') {
      let close = closingQuote(rest, quote);
      while (close < 0 && i + 1 < lines.length) {
        rest += lines[++i];
        close = closingQuote(rest, quote);
      }
      rest = close < 0 ? lineEnd(rest) : rest.slice(close + 1);
    } else {
      // A bare value ends at a comment; the comment stays.
      const hash = rest.search(/[ \t]#|^#/);
      rest = hash >= 0 ? rest.slice(hash) : lineEnd(rest);
    }
    out.push(`${m[1]}${m[2]}${m[3]}${quoteDotenvValue(values.get(m[2])!, m[2])}${rest}`);
  }
  const added = [...values.keys()].filter((k) => !seen.has(k));
  let result = out.join('');
  if (added.length > 0 && result !== '' && !result.endsWith('\n')) result += eol;
  for (const key of added) result += `${key}=${quoteDotenvValue(values.get(key)!, key)}${eol}`;
  return { text: result, added };
}

/** Index of the quote closing a value that opens with `quote` at 0 (dotenv lets a backslash escape it). */
function closingQuote(text: string, quote: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\' && text[i + 1] === quote) i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

/** The line terminator (or nothing) at the end of `text`. */
function lineEnd(text: string): string {
  return /\r?\n$/.exec(text)?.[0] ?? '';
}
