// The one place that scrubs secrets from text before it can reach output, logs or errors.

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
/** Facebook user, Page and system-user tokens start with EAA. */
const EAA_TOKEN_RE = /\bEAA[A-Za-z0-9_-]{20,}/g;
/** App tokens: APPID|SECRET (a 32-hex secret, or any long secret after a numeric id). */
const APP_TOKEN_RE = /\b(\d{5,20})(\||%7C)[A-Za-z0-9_-]{16,}/gi;
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
