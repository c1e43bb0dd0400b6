// One HTTP attempt: send, read the body within the timeout, and classify what came back.
// Never throws a GraphError (it is returned, so the caller can still read usage headers);
// throws only the caller's own abort reason.
import type { Dispatcher } from 'undici';
import { GraphError } from './graph-error.js';
import { DEFAULT_MAX_BODY_BYTES, isRefusedRequest } from './policy.js';
import { formatSeconds } from '../util/duration.js';

export interface AttemptOptions {
  method: 'GET' | 'POST' | 'DELETE';
  url: URL;
  /** Form body (POST). */
  form?: URLSearchParams;
  /** An access token for the Authorization header. */
  authorization?: string;
  timeoutMs: number;
  dispatcher: Dispatcher;
  userAgent: string;
  signal?: AbortSignal;
  /** Largest body read (default DEFAULT_MAX_BODY_BYTES); a longer one is dropped unread. */
  maxBodyBytes?: number;
}

export interface AttemptOutcome {
  /** null when no response arrived. */
  status: number | null;
  headers: Record<string, string>;
  data?: unknown;
  error?: GraphError;
}

const TIMED_OUT = Symbol('timed out');
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

export async function sendAttempt(options: AttemptOptions): Promise<AttemptOutcome> {
  const { timeoutMs, signal } = options;
  signal?.throwIfAborted();
  // The timeout is a real, bounded deadline per attempt (not a sleep): a hung server must not hang fbtok.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(TIMED_OUT), timeoutMs);
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let status: number | null = null;
  let headers: Record<string, string> = {};
  try {
    // The dispatcher's own request(), not undici's top-level one: the CLI bundles only the undici parts it
    // calls (scripts/undici-entry.cjs), and those do not include the global-dispatcher wrappers.
    const { url } = options;
    const response = await options.dispatcher.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: options.method,
      headers: {
        'user-agent': options.userAgent,
        accept: 'application/json',
        ...(options.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...(options.authorization ? { authorization: `OAuth ${options.authorization}` } : {}),
      },
      body: options.form?.toString(),
      signal: controller.signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    status = response.statusCode;
    headers = flattenHeaders(response.headers);
    const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const text = await readBody(response.body, headers, maxBytes);
    if (text === TOO_LARGE) return { status, headers, error: tooLargeError(status, maxBytes) };
    return { status, headers, ...classifyBody(status, headers, text) };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    return { status, headers, error: transportError(error, status, controller.signal.reason === TIMED_OUT, timeoutMs) };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

const TOO_LARGE = Symbol('too large');

/**
 * The body as text, or TOO_LARGE (and the body destroyed) once it passes maxBytes: a Content-Length over
 * the cap is refused unread, a chunked body as soon as it grows past it. Graph answers are kilobytes; an
 * 800 MB one (a proxy or an outage page) once took 1.7 GB of memory before failing.
 */
async function readBody(body: Dispatcher.ResponseData['body'], headers: Record<string, string>, maxBytes: number): Promise<string | typeof TOO_LARGE> {
  const declared = Number(headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    body.destroy();
    return TOO_LARGE;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy();
      return TOO_LARGE;
    }
    chunks.push(chunk);
  }
  // TextDecoder, like body.text(), drops a UTF-8 byte-order mark that JSON.parse would choke on.
  return new TextDecoder().decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
}

function tooLargeError(status: number, maxBytes: number): GraphError {
  return new GraphError(`Facebook's answer was larger than ${formatSize(maxBytes)} (HTTP ${status}); fbtok stopped reading it.`, {
    kind: 'too-large', status, isTransient: false,
    remedy: 'Graph answers are small: a proxy or an outage page is probably answering instead; try again later, or run with --verbose to see the request.',
  });
}

/** 33554432 → '32 MB', 2048 → '2 kB'. */
function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} kB`;
  return `${bytes} bytes`;
}

/** JSON (data or envelope), or a typed error for HTML pages, cut-off JSON and bare HTTP errors. */
export function classifyBody(status: number, headers: Record<string, string>, text: string): { data?: unknown; error?: GraphError } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // No cause kept: V8's SyntaxError quotes the body, which may echo a token.
    const contentType = headers['content-type'] ?? '';
    const looksJson = /^\s*[[{"]/.test(text) || (contentType.includes('json') && text.trim() !== '');
    if (looksJson) {
      return {
        error: new GraphError(`Facebook's answer (HTTP ${status}) was cut off: the JSON ends early.`, {
          kind: 'truncated', status, isTransient: true,
        }),
      };
    }
    const what = text.trim() === '' ? 'an empty body' : contentType ? `${contentType.split(';')[0]}` : 'text';
    if (isRefusedRequest(status)) {
      return {
        error: new GraphError(`Facebook answered HTTP ${status} with ${what} instead of JSON: the request itself was refused.`, {
          kind: 'non-json', status, isTransient: false,
          remedy: `Not retried: the same request gets the same HTTP ${status}. A proxy or the Graph URL (FBTOK_GRAPH_URL) may be wrong; run with --verbose to see the request.`,
        }),
      };
    }
    return {
      error: new GraphError(`Facebook answered HTTP ${status} with ${what} instead of JSON (a proxy or an outage page?).`, {
        kind: 'non-json', status, isTransient: true,
      }),
    };
  }
  const envelope = GraphError.fromEnvelope(json, status);
  if (envelope) return { error: envelope };
  if (status >= 400) {
    return {
      error: new GraphError(`Facebook answered HTTP ${status} without an error description.`, {
        kind: 'graph', status, isTransient: status >= 500 || !isRefusedRequest(status),
      }),
    };
  }
  return { data: json };
}

function transportError(error: unknown, status: number | null, timedOut: boolean, timeoutMs: number): GraphError {
  const code = (error as { code?: unknown } | null)?.code;
  if (timedOut || (typeof code === 'string' && TIMEOUT_CODES.has(code))) {
    return new GraphError(`Facebook did not answer within ${formatSeconds(timeoutMs)}.`, { kind: 'timeout', status, isTransient: true, cause: error });
  }
  if (status !== null) {
    // Headers arrived, then the connection died mid-body.
    return new GraphError(`Facebook's answer (HTTP ${status}) was cut off: the connection closed mid-body.`, {
      kind: 'truncated', status, isTransient: true, cause: error,
    });
  }
  const detail = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  return new GraphError(`Could not reach Facebook (${detail}).`, { kind: 'network', status, isTransient: true, cause: error });
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
