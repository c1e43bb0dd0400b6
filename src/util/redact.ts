// The one place that scrubs secrets from text before it can reach output, logs or errors.
import { ACCESS_TOKEN_PREFIX, MIN_ACCESS_TOKEN_BODY, TOKEN_BODY_CLASS } from '../tokens/token-alphabet.js';

const SECRET_PARAMS = [
  'access_token',
  'input_token',
  'fb_exchange_token',
  'client_secret',
  'appsecret_proof',
  'code',
  'code_verifier',
  'revoke_token',
  'client_token',
  'password',
  'id_token',
  'refresh_token',
  'app_secret',
];

// `name=value` in URLs and forms (also URL-encoded inside another URL: %3F/%26 name %3D value),
// `"name": "value"` in JSON and `'name': 'value'` in JS-ish dumps.
const PARAM_RE = new RegExp(
  `((?:^|[?&"'\\s,;{]|%3F|%26)(?:${SECRET_PARAMS.join('|')})(?:=|%3D|"\\s*:\\s*"|'\\s*:\\s*'))([^&"'\\s#,;}]+)`,
  'gi',
);
/**
 * Facebook user, Page and system-user tokens: the shared token alphabet, as scan matches them. No boundary on
 * the left (unlike scan, which must not report a piece of a hash): hiding a little more is always safe.
 */
const EAA_TOKEN_RE = new RegExp(`${ACCESS_TOKEN_PREFIX}[${TOKEN_BODY_CLASS}]{${MIN_ACCESS_TOKEN_BODY},}`, 'g');
/** App tokens: APPID|SECRET (a 32-hex secret, or any long secret after a numeric id; any id length, to be safe). */
const APP_TOKEN_RE = new RegExp(`\\b(\\d{5,20})(\\||%7C)[${TOKEN_BODY_CLASS}]{16,}`, 'gi');
const AUTH_HEADER_RE = /(authorization:\s*(?:bearer|oauth)\s+)\S+/gi;

export const REDACTED = '<redacted>';

/** Exact secrets known to this process (app secret, tokens read from the store), replaced wherever they appear. */
const knownSecrets = new Set<string>();

export function registerSecret(secret: string | undefined | null): void {
  if (secret && secret.length >= 8) knownSecrets.add(secret);
}

export function redact(text: string): string {
  let out = String(text);
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(PARAM_RE, `$1${REDACTED}`)
    .replace(EAA_TOKEN_RE, REDACTED)
    .replace(APP_TOKEN_RE, `$1$2${REDACTED}`)
    .replace(AUTH_HEADER_RE, `$1${REDACTED}`);
}

/** Redacts a URL for logs: every query value that may carry a secret is replaced. */
export function redactUrl(url: string): string {
  return redact(url);
}
