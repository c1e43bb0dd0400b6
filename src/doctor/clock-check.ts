// Connectivity, latency and clock skew from one cheap call: debug_token of the app token itself, which also
// tells whether Facebook accepts the app id and secret. The skew comes from the response's Date header.
import type { Clock } from '../io/clock.js';
import type { GraphClient } from '../graph/types.js';
import { parseTokenInfo, requestDebugToken } from '../graph/debug-token.js';
import { isGraphError } from '../graph/graph-error.js';
import { isRetryable } from '../graph/policy.js';
import { ExitCode } from '../errors.js';
import { formatSpan } from '../util/duration.js';
import { fail, failFromError, ok, skip, warn, type Finding } from './finding.js';

/** Beyond this the clock is wrong enough to mislead expiry maths (time left, --fail-within, rotate's plan). */
export const SKEW_WARN_MS = 5 * 60_000;
/** Beyond this, day-based windows and TLS certificate validity go wrong too. */
export const SKEW_FAIL_MS = 24 * 3_600_000;
/** A probe slower than this makes every command slow, and long ones time out. */
export const SLOW_MS = 3000;

export interface GraphProbeOptions {
  graph: GraphClient;
  clock: Clock;
  /** The configured app id, to compare with what Facebook says the app token belongs to. */
  appId?: string;
  /** `APP_ID|APP_SECRET`; without it the probe calls unauthenticated (any Graph answer proves reachability). */
  appToken?: string;
}

export interface GraphProbeResult {
  findings: Finding[];
  /** Graph answered (with data or an error envelope). */
  reachable: boolean;
  /** Facebook accepted the app token: debug_token of stored tokens can work. */
  appTokenValid: boolean;
  /** The app-token check was rate-limited: nothing is known about the credentials. */
  rateLimited?: boolean;
}

export async function probeGraph(opts: GraphProbeOptions): Promise<GraphProbeResult> {
  const { graph, clock, appToken } = opts;
  const sentAt = clock.now();
  try {
    // No retries: a diagnosis reports what it sees, and an unreachable Graph must not cost minutes.
    const res = await requestDebugToken(graph, { appToken, inputToken: appToken, retry: false });
    const receivedAt = clock.now();
    const info = parseTokenInfo(res.data);
    const credentials = info.valid && (!opts.appId || info.appId === opts.appId)
      ? ok('config.app-credentials', `Facebook accepts the app token${info.application ? ` of "${info.application}"` : ''}`)
      : fail('config.app-credentials', `Facebook does not accept the app token${info.appId && info.appId !== opts.appId ? ` (it belongs to app ${info.appId})` : ''}.`, 'Check the app id and secret: App settings > Basic in the dashboard; `fbtok config set app-id`, FBTOK_APP_SECRET.', ExitCode.usage);
    return {
      findings: [latencyFinding(graph, receivedAt - sentAt), credentials, skewFinding(res.serverDate, sentAt, receivedAt)],
      reachable: true,
      appTokenValid: credentials.status === 'ok',
    };
  } catch (error) {
    const elapsed = clock.now() - sentAt;
    // An error envelope is an answer: Graph is reachable; the error is about the app token (or no token).
    // Not so for Facebook's own failures (codes 1 and 2, HTTP 5xx): those mean Graph is not working.
    const answered = isGraphError(error) && (error.kind === 'rate-limit' || (error.kind === 'graph' && error.graphCode !== null && !isRetryable(error)));
    if (answered) {
      return {
        findings: [
          latencyFinding(graph, elapsed),
          !appToken
            ? skip('config.app-credentials', 'not checked: no app id or app secret')
            : error.kind === 'rate-limit'
              ? failFromError('config.app-credentials', 'Facebook rate-limited the check of the app token (the credentials may well be right)', error)
              : failFromError('config.app-credentials', 'Facebook rejects the app token', error),
          skip('clock', 'not checked: Facebook answered with an error, and fbtok reads the Date header only from answers'),
        ],
        reachable: true,
        appTokenValid: false,
        rateLimited: error.kind === 'rate-limit',
      };
    }
    return {
      findings: [
        failFromError('graph.reachable', `${graph.baseUrl} cannot be reached or is failing`, error),
        skip('config.app-credentials', 'not checked: Graph is unreachable'),
        skip('clock', 'not checked: Graph is unreachable'),
      ],
      reachable: false,
      appTokenValid: false,
    };
  }
}

function latencyFinding(graph: GraphClient, ms: number): Finding {
  const where = `${graph.baseUrl} (${graph.version})`;
  if (ms > SLOW_MS) return warn('graph.reachable', `${where} answered in ${ms} ms: slow`, 'Check the network or proxy; raise --timeout if commands time out.');
  return ok('graph.reachable', `${where} answered in ${ms} ms`);
}

/**
 * Skew = server time minus local time at the middle of the round trip. The Date header has whole seconds
 * (truncated), so the server's time lies in [date, date + 1 s): take the middle of that too.
 */
export function measureSkew(serverDate: number, sentAt: number, receivedAt: number): number {
  return serverDate + 500 - (sentAt + receivedAt) / 2;
}

export function skewFinding(serverDate: number | undefined, sentAt: number, receivedAt: number): Finding {
  if (serverDate === undefined) return skip('clock', 'not checked: the answer had no Date header');
  const skew = measureSkew(serverDate, sentAt, receivedAt);
  const size = Math.abs(skew);
  // Rounded: the measurement is good to about a second, so 59m 59.6s is "1h", not "59m".
  const rounded = size >= 60_000 ? Math.round(size / 60_000) * 60_000 : Math.round(size / 1000) * 1000;
  const text = `the local clock is ${formatSpan(rounded)} ${skew > 0 ? 'behind' : 'ahead of'} Facebook's (Date: ${new Date(serverDate).toISOString()})`;
  const remedy = 'Sync the clock with NTP (e.g. `timedatectl set-ntp true`, or `sudo sntp -sS time.apple.com` on macOS); token expiry maths use the local clock.';
  if (size > SKEW_FAIL_MS) return fail('clock', text, remedy, ExitCode.usage);
  if (size > SKEW_WARN_MS) return warn('clock', text, remedy);
  return ok('clock', `in sync with Facebook's (within ${formatSpan(Math.max(1000, rounded))})`);
}
