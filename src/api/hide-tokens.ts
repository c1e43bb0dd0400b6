// Graph answers can carry tokens (`me/accounts` hands out every Page's access_token, paging links repeat the
// caller's). Unless --show-tokens, each is replaced by a marker with its fingerprint: enough to match it to
// `fbtok token list` and `fbtok log`, never enough to use it.
import { fingerprint } from '../store/fingerprint.js';

const TOKEN_KEYS = new Set(['access_token', 'input_token', 'token', 'appsecret_proof', 'client_secret']);
/** User, Page and system-user tokens (EAA...), app tokens (id|secret), and access_token= in links. */
const TOKEN_IN_TEXT = /\bEAA[A-Za-z0-9_-]{20,}|\b\d{5,20}(?:\||%7C)[A-Za-z0-9_-]{16,}/gi;
const PARAM_IN_LINK = /([?&](?:access_token|input_token|appsecret_proof|client_secret)=)([^&#]+)/gi;

export function tokenMarker(secret: string): string {
  return `[token ${fingerprint(secret)}]`;
}

/** A deep copy with every token replaced; `known` are exact secrets (the token used, the app secret). */
export function hideTokens(value: unknown, known: readonly string[] = []): unknown {
  const secrets = known.filter((s) => s.length >= 8);
  const scrubText = (text: string): string => {
    let out = text;
    for (const s of secrets) if (out.includes(s)) out = out.split(s).join(tokenMarker(s));
    out = out.replace(PARAM_IN_LINK, (_m, head: string, v: string) => `${head}${encodeURIComponent(tokenMarker(decodeSafe(v)))}`);
    return out.replace(TOKEN_IN_TEXT, (m) => tokenMarker(decodeSafe(m)));
  };
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') return key !== undefined && TOKEN_KEYS.has(key) && v.length >= 8 ? tokenMarker(v) : scrubText(v);
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, k);
      return out;
    }
    return v;
  };
  return walk(value);
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
