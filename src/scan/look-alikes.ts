// Look-alikes of credentials that scan must not report: base64 runs (integrity hashes), tokens shown cut
// short, another vendor's client secret and documentation placeholders. Kept apart from the patterns so the
// false-positive rules read in one place (test/scan/false-positives.test.ts holds the corpus).

/** Base64 around a candidate: the run of base64 characters it sits in. */
const BASE64_CHAR = /[A-Za-z0-9+/=]/;
const HASH_PREFIX_RE = /(?:sha(?:1|224|256|384|512)|md5)-$/i;
/** A token shown cut short in documentation: `EAAB...`, `EAABsbCS1iHgBA…`. */
const ELLIPSIS_RE = /^(?:\.\.\.|\u2026)/;
/**
 * `client_secret` is every OAuth vendor's word: SPOTIFY_CLIENT_SECRET is not an app secret. The rest of the
 * name before it must be empty or Facebook's (FB_, META_, ...), else only the near-an-app-id rule applies.
 */
const VENDOR_PREFIX_ALLOWED_RE = /(?:^|[_.-])(?:fb|facebook|meta|messenger|instagram|ig|whatsapp|wa|graph)(?:[_.-]|$)/i;

/** A token followed by `...` or `…` is shown cut short (documentation): not a credential, and never a "dead" one. */
export function cutShort(text: string, end: number): boolean {
  return ELLIPSIS_RE.test(text.slice(end, end + 3));
}

/**
 * A candidate inside a longer base64 run (an integrity hash, a key, a blob) is a coincidence: it is followed
 * by `=` padding, the run holds a `+`, or the run is a `sha512-...` hash. A URL path (`/v19.0/EAA...`) is none.
 */
export function insideBase64(text: string, index: number, length: number): boolean {
  let start = index;
  while (start > 0 && BASE64_CHAR.test(text[start - 1])) start--;
  let end = index + length;
  while (end < text.length && BASE64_CHAR.test(text[end])) end++;
  if (HASH_PREFIX_RE.test(text.slice(Math.max(0, start - 8), start))) return true;
  return text[index + length] === '=' || text.slice(start, end).includes('+');
}

/** `SPOTIFY_CLIENT_SECRET`: a client secret whose name says it is another vendor's. */
export function anotherVendors(before: string, matched: string): boolean {
  if (!/^client/i.test(matched)) return false;
  const name = /[A-Za-z0-9_-]*$/.exec(before)![0].replace(/^(?:react_app|next_public|vite|expo_public|nuxt_public)[_-]?/i, '').replace(/[_-]+$/, '');
  return name !== '' && !VENDOR_PREFIX_ALLOWED_RE.test(name);
}

/**
 * Documentation placeholders: EAAxxxxxxxx..., 0123456789abcdef..., aaaa...: long runs of one
 * character, few distinct characters, a short block repeated, or a long ascending run.
 * Random base62 or hex almost never does any of these.
 */
export function looksLikePlaceholder(body: string): boolean {
  if (/(.)\1{5}/.test(body)) return true;
  if (new Set(body).size < 5) return true;
  for (let period = 1; period <= 16 && period * 2 <= body.length; period++) {
    if (body.slice(0, period).repeat(Math.ceil(body.length / period)).startsWith(body)) return true;
  }
  let run = 1;
  for (let i = 1; i < body.length; i++) {
    run = body.charCodeAt(i) === body.charCodeAt(i - 1) + 1 ? run + 1 : 1;
    if (run >= 8) return true;
  }
  return false;
}

