// Rate-limit usage as Graph reports it (https://developers.facebook.com/docs/graph-api/overview/rate-limiting):
// every call (each batch item too) counts against the app; calls with a Page token also against that Page's
// Business Use Case (type "pages"). Percentages grow with the calls; X-App-Usage appears only after "enough"
// calls, and at 100% calls are refused (4 for the app, 80001 for a Page) rather than answered.
// Off unless EmulatorOptions.usage is given, so other tests never see throttling they did not ask for.
import type { EmulatorState } from './state.js';
import { graphError, type Reply } from './errors.js';
import type { EmulatorOptions } from './types.js';

interface Model {
  percentPerCall: number;
  appearAfterCalls: number;
  appCalls: number;
  pageCalls: Map<string, number>;
}

const models = new WeakMap<EmulatorState, Model>();

export function enableUsage(state: EmulatorState, options: EmulatorOptions['usage']): void {
  if (!options) return;
  models.set(state, { percentPerCall: options.percentPerCall ?? 1, appearAfterCalls: options.appearAfterCalls ?? 1, appCalls: 0, pageCalls: new Map() });
}

/** Calls made before the test started, as if by another process of the same app. */
export function addUsage(state: EmulatorState, calls: { app?: number; pages?: Record<string, number> }): void {
  const m = models.get(state);
  if (!m) throw new Error('emulator: usage is off (start it with the `usage` option)');
  m.appCalls += calls.app ?? 0;
  for (const [id, n] of Object.entries(calls.pages ?? {})) m.pageCalls.set(id, (m.pageCalls.get(id) ?? 0) + n);
}

const pct = (m: Model, calls: number) => Math.min(100, Math.floor(calls * m.percentPerCall));

function pageOf(state: EmulatorState, token: string | undefined): string | undefined {
  const rec = token ? state.tokens.get(token) : undefined;
  return rec?.type === 'PAGE' ? rec.pageId : undefined;
}

/** Before a call runs: the refusal Graph gives once a limit is reached, else undefined. */
export function throttled(state: EmulatorState, token: string | undefined): Reply | undefined {
  const m = models.get(state);
  if (!m) return undefined;
  const page = pageOf(state, token);
  if (page !== undefined && pct(m, m.pageCalls.get(page) ?? 0) >= 100) {
    return graphError({ code: 80001, type: 'OAuthException', message: 'There have been too many calls to this Page account. Wait a bit and try again.', headers: headersFor(m, page) });
  }
  if (pct(m, m.appCalls) >= 100) return graphError({ code: 4, message: '(#4) Application request limit reached', headers: headersFor(m, page) });
  return undefined;
}

/** Counts one call (a batch's items count one each, the batch itself none) and returns the headers to send. */
export function countCall(state: EmulatorState, token: string | undefined, counted = true): Record<string, string> {
  const m = models.get(state);
  if (!m) return {};
  const page = pageOf(state, token);
  if (counted) {
    m.appCalls++;
    if (page !== undefined) m.pageCalls.set(page, (m.pageCalls.get(page) ?? 0) + 1);
  }
  return headersFor(m, page);
}

function headersFor(m: Model, page: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (m.appCalls >= m.appearAfterCalls) headers['X-App-Usage'] = JSON.stringify(figures(pct(m, m.appCalls)));
  if (page !== undefined) {
    const p = pct(m, m.pageCalls.get(page) ?? 0);
    headers['X-Business-Use-Case-Usage'] = JSON.stringify({ [page]: [{ type: 'pages', ...figures(p), estimated_time_to_regain_access: p >= 100 ? 5 : 0 }] });
  }
  return headers;
}

function figures(p: number): { call_count: number; total_cputime: number; total_time: number } {
  return { call_count: p, total_cputime: Math.floor(p / 2), total_time: Math.floor(p / 3) };
}
