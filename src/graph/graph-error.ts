// The one error for every Graph failure: an error envelope, a rate limit, or no usable answer at all.
// Envelope: https://developers.facebook.com/docs/graph-api/guides/error-handling
import { ExitCode, FbtokError } from '../errors.js';
import { redact } from '../util/redact.js';
import { cutForeign } from './foreign-text.js';
import { exitCodeFor, isKnownCode, isRateLimitCode, remedyFor } from './remedies.js';

export type GraphErrorKind = 'graph' | 'rate-limit' | 'non-json' | 'truncated' | 'too-large' | 'network' | 'timeout';

export interface GraphErrorInit {
  kind: GraphErrorKind;
  /** HTTP status; null when no response arrived. */
  status?: number | null;
  graphCode?: number | null;
  subcode?: number | null;
  type?: string | null;
  fbtraceId?: string | null;
  userTitle?: string | null;
  userMessage?: string | null;
  isTransient?: boolean;
  /** Rate limits: how long Facebook (or our default) says to wait. */
  retryAfterMs?: number | null;
  /** Overrides of the derived values. */
  code?: string;
  exitCode?: number;
  remedy?: string;
  /** The original error or envelope (the message above is the redacted one). */
  cause?: unknown;
}

const KIND_CODES: Record<Exclude<GraphErrorKind, 'graph'>, string> = {
  'rate-limit': 'RATE_LIMITED',
  'non-json': 'GRAPH_NON_JSON',
  truncated: 'GRAPH_TRUNCATED',
  'too-large': 'GRAPH_TOO_LARGE',
  network: 'GRAPH_UNREACHABLE',
  timeout: 'GRAPH_TIMEOUT',
};

/** A wrong proof means fbtok holds the wrong app secret (or none, with "Require App Secret" on). */
const PROOF_REMEDY =
  'The app secret fbtok signs calls with is wrong or missing: set FBTOK_APP_SECRET, or `printf %s "$SECRET" | fbtok config set app-secret --stdin` (App settings > Basic).';

export class GraphError extends FbtokError {
  readonly kind: GraphErrorKind;
  readonly status: number | null;
  readonly graphCode: number | null;
  readonly subcode: number | null;
  readonly type: string | null;
  readonly fbtraceId: string | null;
  readonly userTitle: string | null;
  readonly userMessage: string | null;
  readonly isTransient: boolean;
  readonly retryAfterMs: number | null;
  /** What the constructor was given, so copies (withRemedy) keep every field. */
  readonly #init: GraphErrorInit;

  constructor(message: string, init: GraphErrorInit) {
    const status = init.status ?? null;
    const graphCode = init.graphCode ?? null;
    const subcode = init.subcode ?? null;
    super(redact(message), {
      code: init.code ?? defaultCode(init.kind, graphCode, subcode, status),
      exitCode: init.exitCode ?? defaultExitCode(init.kind, graphCode, subcode, status),
      remedy: init.remedy ?? (graphCode === 100 && /appsecret_proof/i.test(message) ? PROOF_REMEDY : remedyFor(graphCode, subcode)),
      cause: init.cause,
    });
    this.name = 'GraphError';
    this.#init = init;
    this.kind = init.kind;
    this.status = status;
    this.graphCode = graphCode;
    this.subcode = subcode;
    this.type = init.type ?? null;
    this.fbtraceId = init.fbtraceId ?? null;
    this.userTitle = init.userTitle == null ? null : redact(init.userTitle);
    this.userMessage = init.userMessage == null ? null : redact(init.userMessage);
    this.isTransient = init.isTransient ?? false;
    this.retryAfterMs = init.retryAfterMs ?? null;
  }

  /** The same error with another remedy (an operation knows better what to do, e.g. debug_token's app token). */
  withRemedy(remedy: string, overrides: Partial<GraphErrorInit> = {}): GraphError {
    return new GraphError(this.message, { ...this.#init, ...overrides, remedy });
  }

  /** A copy with other fields (e.g. the rate-limit wait), keeping the rest. */
  with(message: string, overrides: Partial<GraphErrorInit>): GraphError {
    return new GraphError(message, { ...this.#init, ...overrides });
  }

  /** Builds the error from a parsed body `{"error": {...}}`; undefined when the body holds no envelope. */
  static fromEnvelope(body: unknown, status: number, extra: Partial<GraphErrorInit> = {}): GraphError | undefined {
    const error = isObject(body) ? body.error : undefined;
    if (!isObject(error)) return undefined;
    const graphCode = toInt(error.code);
    const subcode = toInt(error.error_subcode) ?? toInt(error.subcode);
    // Redacted before it is cut, so a cut never leaves half a secret behind.
    const raw = cutForeign(redact(typeof error.message === 'string' && error.message ? error.message : `HTTP ${status}`));
    const fbtraceId = typeof error.fbtrace_id === 'string' ? cutForeign(error.fbtrace_id, 64) : null;
    const rateLimited = isRateLimitCode(graphCode, subcode);
    // Facebook answers a wrong app secret with code 1, which otherwise means "unknown, retry".
    const badSecret = graphCode === 1 && /client secret/i.test(raw);
    return new GraphError(envelopeMessage(raw, graphCode, subcode, fbtraceId), {
      kind: rateLimited ? 'rate-limit' : 'graph',
      status,
      graphCode,
      subcode,
      type: typeof error.type === 'string' ? error.type : null,
      fbtraceId,
      userTitle: typeof error.error_user_title === 'string' ? cutForeign(redact(error.error_user_title)) : null,
      userMessage: typeof error.error_user_msg === 'string' ? cutForeign(redact(error.error_user_msg)) : null,
      isTransient: error.is_transient === true,
      cause: { error: redactStrings(error) },
      ...(badSecret ? BAD_APP_SECRET : {}),
      ...extra,
    });
  }

  /** A JSON answer without the fields an operation needs. */
  static unexpected(what: string, status = 200): GraphError {
    return new GraphError(`Facebook answered ${what} in an unexpected shape.`, {
      kind: 'graph',
      status,
      code: 'GRAPH_UNEXPECTED_RESPONSE',
      exitCode: ExitCode.graphUnavailable,
      remedy: 'Try again; if it persists, pin another Graph version with --graph-version and report it.',
    });
  }
}

/**
 * `Facebook: <message> [code N/S]`; an envelope fbtok has no rule for says Facebook refused, with the
 * fbtrace_id Meta asks for when such an error is reported.
 */
function envelopeMessage(raw: string, graphCode: number | null, subcode: number | null, fbtraceId: string | null): string {
  const codes = graphCode == null ? '' : `code ${graphCode}${subcode == null ? '' : `/${subcode}`}`;
  if (isKnownCode(graphCode, subcode)) return `Facebook: ${raw}${codes ? ` [${codes}]` : ''}`;
  const label = [codes, fbtraceId ? `fbtrace_id ${fbtraceId}` : ''].filter(Boolean).join(', ');
  return `Facebook refused the request: ${raw}${label ? ` [${label}]` : ''}`;
}

const BAD_APP_SECRET: Partial<GraphErrorInit> = {
  code: 'APP_SECRET_INVALID',
  exitCode: ExitCode.usage,
  isTransient: false,
  remedy: 'The app secret is wrong: set FBTOK_APP_SECRET, or pipe the one from App settings > Basic into `fbtok config set app-secret --stdin`.',
};

function defaultCode(kind: GraphErrorKind, graphCode: number | null, subcode: number | null, status: number | null): string {
  if (kind !== 'graph') return KIND_CODES[kind];
  if (graphCode == null) return status == null ? 'GRAPH_ERROR' : `GRAPH_HTTP_${status}`;
  return subcode == null ? `GRAPH_${graphCode}` : `GRAPH_${graphCode}_${subcode}`;
}

function defaultExitCode(kind: GraphErrorKind, graphCode: number | null, subcode: number | null, status: number | null): number {
  if (kind === 'rate-limit') return ExitCode.rateLimited;
  if (kind !== 'graph') return ExitCode.graphUnavailable;
  return exitCodeFor(graphCode, subcode, status ?? 0);
}

/** A copy with every string value redacted (the envelope kept as `cause` must not leak what the message hid). */
function redactStrings(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = typeof v === 'string' ? redact(v) : v;
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toInt(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return null;
}

export function isGraphError(error: unknown): error is GraphError {
  return error instanceof GraphError;
}

export function isRateLimitError(error: unknown): error is GraphError {
  return error instanceof GraphError && error.kind === 'rate-limit';
}

/** The token itself is dead (exit 3): log in again or re-derive. */
export function isTokenError(error: unknown): error is GraphError {
  return error instanceof GraphError && error.exitCode === ExitCode.tokenInvalid;
}

/** No usable answer arrived (network, timeout, HTML, cut-off JSON, an oversized body, 5xx). */
export function isUnavailableError(error: unknown): error is GraphError {
  return error instanceof GraphError && error.exitCode === ExitCode.graphUnavailable;
}
