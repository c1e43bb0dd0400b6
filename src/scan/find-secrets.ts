// Recognises hard-coded Facebook credentials in text: access tokens, app tokens and app secrets.
// Tuned for few false positives: placeholders and hashes in unrelated places are not reported.
// The token alphabet is the tool's one definition (tokens/token-alphabet.ts): a match runs to the token's end.
import { accessTokenPattern, MAX_TOKEN_LENGTH, TOKEN_BODY_CLASS } from '../tokens/token-alphabet.js';
import { anotherVendors, cutShort, insideBase64, looksLikePlaceholder } from './look-alikes.js';

export { looksLikePlaceholder };

/** access-token: user, Page and system-user tokens (EAA...); app-token: APPID|SECRET; app-secret: 32 hex named like one. */
export type SecretKind = 'access-token' | 'app-token' | 'app-secret';

export interface SecretMatch {
  kind: SecretKind;
  /** The credential itself: kept in memory for --check, never printed. */
  secret: string;
  /** Offset in the text. */
  index: number;
  /** 1-based. */
  line: number;
  column: number;
  /** The app the credential belongs to, when the text says (app tokens; app secrets near an app id). */
  appId?: string;
}

// A token is found after `/` (a URL path), but not as a piece of base64 (package-lock integrity hashes
// `sha512-EAA...`, any `+`-joined or `=`-padded blob): see insideBase64().
const ACCESS_TOKEN_RE = accessTokenPattern();
/** Facebook app ids have 15 or 16 digits today, 12 and more on old apps; `<11 digits>|<32 hex>` is something else (a phone number and an MD5). */
const APP_ID_DIGITS = '\\d{12,20}';
const APP_TOKEN_RE = new RegExp(`(?<![${TOKEN_BODY_CLASS}])(${APP_ID_DIGITS})\\|([0-9a-fA-F]{32})(?![${TOKEN_BODY_CLASS}])`, 'g');
const ASSIGN = String.raw`["'\]]?\s*(?:=>|:=|[:=])\s*["'\x60]?`;
/** A name that can only mean an app secret, assigned a 32-hex value: reported on its own. */
// The patterns start at a keyword, not at the start of a name: scanning every identifier is slow.
const NAMED_SECRET_RE = new RegExp(String.raw`(?:app|client|fb|facebook|meta)[_.-]?secret${ASSIGN}([0-9a-fA-F]{32})(?![A-Za-z0-9])`, 'gi');
/** Any *secret* name with a 32-hex value: reported only near an app id assignment. */
const LOOSE_SECRET_RE = new RegExp(String.raw`secret[A-Za-z0-9_]*${ASSIGN}([0-9a-fA-F]{32})(?![A-Za-z0-9])`, 'gi');
const APP_ID_RE = new RegExp(String.raw`(?:app|client|fb|facebook|meta)[_.-]?id${ASSIGN}(${APP_ID_DIGITS})(?![0-9])`, 'gi');
/** Secrets of other kinds (webhooks, sessions, cookies): not app secrets even next to an app id. */
const OTHER_SECRET_NAME_RE = /webhook|verify|session|cookie|csrf|jwt|signing|encrypt|hmac/i;
/** `APPID|CLIENT_TOKEN` looks like an app token but the client token is not secret. */
const CLIENT_TOKEN_NAME_RE = /client[_.-]?token/i;
/** How many lines apart a loose secret and an app id may be. */
const NEARBY_LINES = 5;

/** A cheap test on raw bytes before any regex runs: most files have none of these. */
export function mayContainSecret(buf: Buffer): boolean {
  return buf.includes('EAA') || buf.includes('|') || buf.includes('secret') || buf.includes('SECRET') || buf.includes('Secret');
}

/** Every credential in `text`, in order of position. */
export function findSecrets(text: string): SecretMatch[] {
  const lines = new LineIndex(text);
  const out: SecretMatch[] = [];
  const add = (kind: SecretKind, secret: string, index: number, appId?: string) => {
    const { line, column } = lines.position(index);
    out.push(appId ? { kind, secret, index, line, column, appId } : { kind, secret, index, line, column });
  };
  if (text.includes('EAA')) {
    for (const m of text.matchAll(ACCESS_TOKEN_RE)) {
      if (m[0].length > MAX_TOKEN_LENGTH || looksLikePlaceholder(m[0].slice(3)) || cutShort(text, m.index + m[0].length) || insideBase64(text, m.index, m[0].length)) continue;
      add('access-token', m[0], m.index);
    }
  }
  if (text.includes('|')) {
    for (const m of text.matchAll(APP_TOKEN_RE)) {
      if (looksLikePlaceholder(m[2]) || CLIENT_TOKEN_NAME_RE.test(lines.lineBefore(m.index)) || cutShort(text, m.index + m[0].length)) continue;
      add('app-token', m[0], m.index, m[1]);
    }
  }
  if (/secret/i.test(text)) findAppSecrets(text, lines, add);
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

function findAppSecrets(text: string, lines: LineIndex, add: (kind: SecretKind, secret: string, index: number, appId?: string) => void): void {
  const appIds = [...text.matchAll(APP_ID_RE)].map((m) => ({ id: m[1], line: lines.position(m.index).line }));
  const nearbyAppId = (index: number) => {
    const line = lines.position(index).line;
    let best: { id: string; distance: number } | undefined;
    for (const a of appIds) {
      const distance = Math.abs(a.line - line);
      if (distance <= NEARBY_LINES && (!best || distance < best.distance)) best = { id: a.id, distance };
    }
    return best?.id;
  };
  const seen = new Set<number>();
  for (const m of text.matchAll(NAMED_SECRET_RE)) {
    const valueAt = m.index + m[0].length - 32;
    if (looksLikePlaceholder(m[1]) || anotherVendors(lines.lineBefore(m.index), m[0])) continue;
    seen.add(valueAt);
    add('app-secret', m[1], valueAt, nearbyAppId(m.index));
  }
  if (appIds.length === 0) return;
  for (const m of text.matchAll(LOOSE_SECRET_RE)) {
    const valueAt = m.index + m[0].length - 32;
    const name = /[A-Za-z0-9_.-]*$/.exec(lines.lineBefore(m.index))![0] + m[0];
    if (seen.has(valueAt) || OTHER_SECRET_NAME_RE.test(name) || looksLikePlaceholder(m[1])) continue;
    const appId = nearbyAppId(m.index);
    if (appId) add('app-secret', m[1], valueAt, appId);
  }
}

/** Offsets to line and column, built once per file that has a match. */
class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  position(index: number): { line: number; column: number } {
    const starts = (this.starts ??= lineStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: index - starts[lo] + 1 };
  }

  /** The text of the line up to `index`. */
  lineBefore(index: number): string {
    const start = this.text.lastIndexOf('\n', index - 1) + 1;
    return this.text.slice(start, index);
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
