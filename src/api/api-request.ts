// Turns `fbtok api [METHOD] PATH -f k=v -F k=typed` into one Graph request, as `gh api` does: GET by default,
// POST once fields are given, `key[sub]=v` building a JSON object. A token never travels in PATH or a field:
// `--as` picks it, so it stays out of argv and shell history.
import { UsageError } from '../errors.js';

export type ApiMethod = 'GET' | 'POST' | 'DELETE';

export interface ApiRequestInput {
  /** The positional words: [PATH] or [METHOD, PATH]. */
  words: string[];
  /** `-f key=value`: sent as the string it is. */
  rawFields: string[];
  /** `-F key=value`: true/false/null/numbers typed, `@file` read from a file, `@-` from stdin. */
  typedFields: string[];
  /** An explicit `-X/--method`. */
  method?: string;
}

export interface ApiRequest {
  method: ApiMethod;
  /** Path under the version, with a leading slash and no query. */
  path: string;
  /** The path's own `?a=b` plus, for GET and DELETE, every field. */
  query: Record<string, string>;
  /** POST fields (form-encoded by the Graph client). */
  form: Record<string, string>;
}

export interface FieldReaders {
  readFile(path: string): Promise<string>;
  readStdin(): Promise<string>;
}

const METHODS = new Set(['GET', 'POST', 'DELETE']);
const CREDENTIAL_KEYS = /(^|[^a-z])(access_token|appsecret_proof|client_secret|input_token)([^a-z]|$)/i;
const USE_AS = 'Pick the token with `--as NAME` (a stored name, or `app`), pipe it with --token-stdin, or set FBTOK_ACCESS_TOKEN.';

export async function buildApiRequest(input: ApiRequestInput, readers: FieldReaders): Promise<ApiRequest> {
  const { method: positional, target } = splitWords(input.words);
  const explicit = input.method ?? positional;
  const method = explicit ? explicit.toUpperCase() : undefined;
  if (method && !METHODS.has(method)) throw new UsageError(`Unknown method "${method}": use GET, POST or DELETE.`, 'fbtok api POST /me/messages -F recipient[id]=123 -f message[text]=hi');
  const { path, query } = splitPath(target);
  const fields = new Map<string, unknown>();
  for (const spec of input.rawFields) await setFieldAsync(fields, spec, async (value) => value);
  let stdinUsed = false;
  for (const spec of input.typedFields) {
    await setFieldAsync(fields, spec, async (value) => {
      if (value === '@-') {
        if (stdinUsed) throw new UsageError('Only one field can read stdin (`@-`).', 'Read the others from files: -F key=@file');
        stdinUsed = true;
        return trimNewline(await readers.readStdin());
      }
      if (value.startsWith('@')) return trimNewline(await readers.readFile(value.slice(1)));
      return typed(value);
    });
  }
  const flat = flatten(fields);
  const finalMethod = (method ?? (flat.size > 0 ? 'POST' : 'GET')) as ApiMethod;
  const form: Record<string, string> = {};
  const target2 = finalMethod === 'POST' ? form : query;
  for (const [key, value] of flat) target2[key] = value;
  return { method: finalMethod, path, query, form };
}

function splitWords(words: string[]): { method?: string; target: string } {
  if (words.length === 1) return { target: words[0] };
  if (words.length === 2) return { method: words[0], target: words[1] };
  throw new UsageError('Give a Graph path, optionally after a method.', 'fbtok api /me, or: fbtok api POST /me/messages -f ...');
}

/** `me/accounts?fields=name` → '/me/accounts' and its query; a full URL is refused (the host comes from config). */
function splitPath(target: string): { path: string; query: Record<string, string> } {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    throw new UsageError('Give a Graph path such as /me/accounts, not a URL: the host and version come from the profile.', 'fbtok api me/accounts (use --graph-version or FBTOK_GRAPH_URL for another version or host)');
  }
  if (CREDENTIAL_KEYS.test(target)) throw new UsageError('A token or secret in the path would be seen in argv and shell history.', USE_AS);
  const at = target.indexOf('?');
  const rawPath = at < 0 ? target : target.slice(0, at);
  const query: Record<string, string> = {};
  if (at >= 0) for (const [k, v] of new URLSearchParams(target.slice(at + 1))) query[k] = v;
  let path = rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
  // A leading version (/v26.0/me) is taken off: --graph-version chooses it.
  path = path.replace(/^\/v\d+\.\d+(?=\/|$)/, '') || '/';
  if (/\s/.test(path) || path.includes('..')) throw new UsageError(`"${path}" is not a Graph path.`, 'fbtok api /me/accounts');
  return { path, query };
}

function parseSpec(spec: string): { keys: string[]; value: string } {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new UsageError(`A field is key=value; got "${spec.slice(0, 40)}".`, 'fbtok api POST /me/messages -F recipient[id]=123 -f message[text]=hi');
  const name = spec.slice(0, eq);
  if (CREDENTIAL_KEYS.test(name)) throw new UsageError(`The field "${name}" would put a token or secret in argv.`, USE_AS);
  const m = /^([^[\]]+)((?:\[[^[\]]+\])*)$/.exec(name);
  if (!m) throw new UsageError(`"${name}" is not a field name (key or key[sub]).`, 'fbtok api POST /me/messages -F recipient[id]=123');
  const keys = [m[1], ...[...m[2].matchAll(/\[([^[\]]+)\]/g)].map((x) => x[1])];
  return { keys, value: spec.slice(eq + 1) };
}

async function setFieldAsync(fields: Map<string, unknown>, spec: string, convert: (v: string) => Promise<unknown>): Promise<void> {
  const { keys, value } = parseSpec(spec);
  const converted = await convert(value);
  if (keys.length === 1) {
    fields.set(keys[0], converted);
    return;
  }
  let node = fields.get(keys[0]);
  if (typeof node !== 'object' || node === null) fields.set(keys[0], (node = {}));
  let obj = node as Record<string, unknown>;
  for (const key of keys.slice(1, -1)) {
    if (typeof obj[key] !== 'object' || obj[key] === null) obj[key] = {};
    obj = obj[key] as Record<string, unknown>;
  }
  obj[keys[keys.length - 1]] = converted;
}

/** Graph reads form fields as strings and JSON-encoded objects (Send API `recipient`, `message`). */
function flatten(fields: Map<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of fields) out.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  return out;
}

function typed(value: string): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (value === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(value) && value.length < 16) return Number(value);
  return value;
}

function trimNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}
