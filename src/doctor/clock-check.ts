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
  /** The secret came from FBTOK_APP_SECRET: the remedy names the variable. */
  secretFromEnv?: boolean;
}

/** What the probe learnt about the app credentials. */
export type CredentialsState =
  /** Facebook accepted the app token. */
  | 'valid'
  /** Facebook refused it (is_valid false, another app, or a 190 envelope): a configuration error. */
  | 'rejected'
  /** Rate-limited: nothing is known, and more calls would extend the block. */
  | 'rate-limited'
  /** Not checked (no app id or secret, Graph unreachable) or the answer said nothing about them (a 5xx). */
  | 'unknown';

export interface GraphProbeResult {
  findings: Finding[];
  /** Graph answered (with data or an error envelope). */
  reachable: boolean;
  /** Graph answered with its own failure (5xx, codes 1/2): not reachable for the verdict, but later calls may work. */
  failing: boolean;
  credentials: CredentialsState;
}

/** The fix for app credentials Facebook refuses: the secret (or id), never a login, which cannot help. */
export function appSecretRemedy(secretFromEnv: boolean): string {
  const pipe = 'printf %s "$SECRET" | fbtok config set app-secret --stdin';
  return secretFromEnv
    ? `Put the app secret from App settings > Basic in FBTOK_APP_SECRET (it overrides the stored one), or unset it and store it: ${pipe}; check the app id too (\`fbtok config get app-id\`).`
    : `Store the app secret from App settings > Basic: ${pipe} (check the app id too: \`fbtok config get app-id\`).`;
}

export async function probeGraph(opts: GraphProbeOptions): Promise<GraphProbeResult> {
  const { graph, clock, appToken } = opts;
  const remedy = appSecretRemedy(Boolean(opts.secretFromEnv));
  const sentAt = clock.now();
  try {
    // No retries: a diagnosis reports what it sees, and an unreachable Graph must not cost minutes.
    const res = await requestDebugToken(graph, { appToken, inputToken: appToken, retry: false });
    const receivedAt = clock.now();
    const info = parseTokenInfo(res.data);
    const otherApp = info.appId && opts.appId && info.appId !== opts.appId ? info.appId : undefined;
    const credentials = !appToken
      ? skip('config.app-credentials', 'not checked: no app id or app secret')
      : info.valid && !otherApp
        ? ok('config.app-credentials', `Facebook accepts the app token${info.application ? ` of "${info.application}"` : ''}`)
        : fail('config.app-credentials', otherApp ? `The app token belongs to app ${otherApp}, not the configured app ${opts.appId}.` : `Facebook refuses the app credentials: the app secret (or the app id) is wrong${info.error?.message ? ` (${info.error.message})` : ''}.`, remedy, ExitCode.usage);
    return {
      findings: [latencyFinding(graph, receivedAt - sentAt), credentials, skewFinding(res.serverDate, sentAt, receivedAt)],
      reachable: true,
      failing: false,
      credentials: credentials.status === 'ok' ? 'valid' : credentials.status === 'fail' ? 'rejected' : 'unknown',
    };
  } catch (error) {
    const elapsed = clock.now() - sentAt;
    // An error envelope is an answer: Graph is reachable; the error is about the app token (or no token).
    // Not so for Facebook's own failures (codes 1 and 2, HTTP 5xx): those mean Graph is not working.
    const answered = isGraphError(error) && (error.kind === 'rate-limit' || (error.kind === 'graph' && error.graphCode !== null && !isRetryable(error)));
    if (answered) {
      const rateLimited = error.kind === 'rate-limit';
      return {
        findings: [
          latencyFinding(graph, elapsed),
          !appToken
            ? skip('config.app-credentials', 'not checked: no app id or app secret')
            : rateLimited
              ? failFromError('config.app-credentials', 'Facebook rate-limited the check of the app token (the credentials may well be right)', error)
              // An envelope for the caller's own app token (190, or code 1 "client secret"): the secret or id is wrong.
              : fail('config.app-credentials', `Facebook refuses the app credentials: the app secret (or the app id) is wrong: ${error.message}`, remedy, ExitCode.usage),
          skip('clock', 'not checked: Facebook answered with an error, and fbtok reads the Date header only from answers'),
        ],
        reachable: true,
        failing: false,
        credentials: !appToken ? 'unknown' : rateLimited ? 'rate-limited' : 'rejected',
      };
    }
    const failing = isGraphError(error) && error.kind === 'graph';
    return {
      findings: [
        failFromError('graph.reachable', `${graph.baseUrl} ${failing ? 'is failing' : 'cannot be reached'}`, error),
        skip('config.app-credentials', `not checked: Graph ${failing ? 'failed the check' : 'is unreachable'}`),
        skip('clock', `not checked: Graph ${failing ? 'failed the check' : 'is unreachable'}`),
      ],
      reachable: false,
      // A 5xx is an answer too: later calls may work (and then say what this one could not).
      failing,
      credentials: 'unknown',
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
