// Injected failures: what Graph and the network do on a bad day.
import { deviceSlowDown } from './device.js';
import { graphError, type Reply } from './errors.js';
import type { EmulatorState } from './state.js';
import type { FaultSpec } from './types.js';

interface ActiveFault { spec: FaultSpec; remaining: number; skip: number }

/** Faults wait here until a matching request takes them; each take decrements `times`. */
export class FaultQueue {
  private active: ActiveFault[] = [];
  private batchNulls = 0;

  add(spec: FaultSpec): void {
    if (spec.kind === 'batch-null-items') {
      this.batchNulls += spec.count ?? 1;
      return;
    }
    this.active.push({ spec, remaining: spec.times ?? 1, skip: spec.skip ?? 0 });
  }

  clear(): void {
    this.active = [];
    this.batchNulls = 0;
  }

  take(method: string, path: string): FaultSpec | undefined {
    const i = this.active.findIndex(({ spec }) =>
      (spec.match === undefined || path.startsWith(spec.match)) &&
      (spec.path === undefined || path === spec.path) &&
      (spec.method === undefined || spec.method.toUpperCase() === method));
    if (i < 0) return undefined;
    const fault = this.active[i];
    if (fault.skip > 0) {
      fault.skip--;
      return undefined;
    }
    if (--fault.remaining <= 0) this.active.splice(i, 1);
    return fault.spec;
  }

  /** How many leading items of this batch come back null (consumed by one batch). */
  takeBatchNulls(): number {
    const n = this.batchNulls;
    this.batchNulls = 0;
    return n;
  }
}

const RATE_LIMIT_MESSAGES: Record<number, string> = {
  4: '(#4) Application request limit reached',
  17: '(#17) User request limit reached',
  32: '(#32) Page request limit reached',
  613: '(#613) Calls to this api have exceeded the rate limit.',
  80001: '(#80001) There have been too many calls to this Page account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.',
  80006: '(#80006) There have been too many messenger api calls to this Page account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.',
};

const BUC_TYPES: Record<number, string> = {
  80000: 'ads_insights', 80001: 'pages', 80002: 'instagram', 80003: 'custom_audience', 80004: 'ads_management',
  80005: 'leadgen', 80006: 'messenger', 80008: 'whatsapp', 80009: 'catalog_management', 80014: 'catalog_batch',
};

const usage = (pct: number) => JSON.stringify({ call_count: pct, total_cputime: Math.round(pct / 4), total_time: Math.round(pct / 3) });

function rateLimitReply(spec: FaultSpec, state: EmulatorState): Reply {
  const code = spec.code ?? 4;
  const headers: Record<string, string> = {};
  if (code >= 80000 && code <= 80014) {
    const id = state.pages[0]?.id ?? state.appId;
    headers['X-Business-Use-Case-Usage'] = JSON.stringify({
      [id]: [{
        type: BUC_TYPES[code] ?? 'pages', call_count: 100, total_cputime: 25, total_time: 30,
        estimated_time_to_regain_access: spec.estimatedTimeToRegainAccess ?? 5,
      }],
    });
  } else if (code === 32) {
    headers['X-Page-Usage'] = usage(100);
  } else {
    headers['X-App-Usage'] = usage(100);
  }
  return graphError({
    code, subcode: spec.subcode, headers, transient: code === 4 || code === 17 ? true : undefined,
    message: spec.message ?? RATE_LIMIT_MESSAGES[code] ?? `(#${code}) Rate limit reached`,
  });
}

const HTML_ERROR = '<!DOCTYPE html><html><head><title>Facebook | Error</title></head><body><h1>Sorry, something went wrong.</h1><p>We\'re working on it and we\'ll get it fixed as soon as we can.</p></body></html>';

/** The reply for faults that answer with something (not 'reset', 'hang' or 'truncated'). */
export function faultReply(spec: FaultSpec, state: EmulatorState): Reply {
  const reply = buildFault(spec, state);
  if (spec.usageHeaders) reply.headers = { ...reply.headers, ...spec.usageHeaders };
  return reply;
}

function buildFault(spec: FaultSpec, state: EmulatorState): Reply {
  const retryLater = 'An unexpected error has occurred. Please retry your request later.';
  switch (spec.kind) {
    case 'http-500': return graphError({ status: 500, code: spec.code ?? 1, message: spec.message ?? 'An unknown error has occurred.' });
    case 'http-503': return graphError({ status: 503, code: spec.code ?? 2, message: spec.message ?? retryLater, transient: true });
    case 'html': return { status: spec.status ?? 502, raw: HTML_ERROR, contentType: 'text/html; charset="utf-8"' };
    case 'transient': return graphError({ status: spec.status ?? 500, code: 2, message: spec.message ?? retryLater, transient: true });
    case 'rate-limit': return rateLimitReply(spec, state);
    case 'device-slow-down': return deviceSlowDown();
    default: {
      const code = spec.code ?? 1;
      return graphError({
        status: spec.status, code, subcode: spec.subcode, type: spec.type,
        message: spec.message ?? `(#${code}) Emulated error`,
      });
    }
  }
}
