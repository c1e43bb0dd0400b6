// The one sanitiser for text that came from outside fbtok (Graph messages, file names, token and profile
// names, helper output, .env keys) before it is printed. A terminal acts on control bytes: ESC and C1
// sequences (U+009B is CSI on its own) can retitle the window, rewrite lines already shown, or hide text;
// bidi controls reorder what is read (Trojan Source). Such characters are shown escaped, never removed,
// so nothing is hidden from the reader either.

/** C0 controls, DEL, C1 controls, bidi embeddings/overrides/isolates, and the Unicode line separators. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same, without newline and tab (for whole lines of output, where those are layout). */
const UNSAFE_IN_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** fbtok's own styling (chalk's SGR sequences), let through only when colour is on. */
const SGR_OR_UNSAFE = /\u001b\[[0-9;]*m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Longest foreign text shown inside a message (a Graph message of 5,000 characters is not read by anyone). */
export const MAX_FOREIGN_LENGTH = 300;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `\n`, `\r`, `\t`, else `\u001b` style: readable, and still valid inside a JSON string. */
export function escapeChar(c: string): string {
  return NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

export interface SanitizeOptions {
  /** Characters kept before cutting (default MAX_FOREIGN_LENGTH); Infinity keeps all. */
  max?: number;
}

/**
 * Foreign text for one line of output: every control character escaped (newlines too), cut to `max`
 * characters with a note of how much was left out.
 */
export function sanitize(text: unknown, options: SanitizeOptions = {}): string {
  const max = options.max ?? MAX_FOREIGN_LENGTH;
  const raw = typeof text === 'string' ? text : String(text);
  const cut = raw.length > max ? cutAt(raw, max) : raw;
  const shown = cut.replace(UNSAFE, escapeChar);
  return cut.length < raw.length ? `${shown}… (${raw.length - cut.length} more characters)` : shown;
}

/** A name (token, profile, file, variable): escaped, never cut unless absurdly long. */
export function sanitizeName(name: unknown): string {
  return sanitize(name, { max: 4096 });
}

/**
 * The last line of defence, applied by io.out / io.err to everything printed: control characters other
 * than newline and tab are escaped. With `allowStyle` (colour on, a terminal) SGR colour sequences pass,
 * since fbtok's own styling is made of them; foreign text was escaped before it was styled.
 */
export function sanitizeOutput(text: string, allowStyle = false): string {
  if (allowStyle) return text.replace(SGR_OR_UNSAFE, (m) => (m.length > 1 ? m : escapeChar(m)));
  return text.replace(UNSAFE_IN_LINES, escapeChar);
}

/** True when `text` holds a character sanitize() would escape (for tests and checks). */
export function hasUnsafeCharacters(text: string): boolean {
  return new RegExp(UNSAFE.source).test(text.replace(/[\n\t]/g, ''));
}

/** JSON for stdout: JSON.stringify leaves DEL, C1 and bidi controls raw; these become \u escapes (same value). */
export function toSafeJson(value: unknown, indent: number | undefined = 2): string {
  return (JSON.stringify(value, null, indent) ?? 'null').replace(UNSAFE_IN_LINES, escapeChar);
}

/** Does not split a surrogate pair. */
function cutAt(text: string, max: number): string {
  let end = Math.max(0, Math.floor(max));
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end);
}
