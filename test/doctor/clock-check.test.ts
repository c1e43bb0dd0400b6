import { describe, expect, it } from 'vitest';
import { measureSkew, probeGraph, skewFinding } from '../../src/doctor/clock-check.js';
import { GraphError } from '../../src/graph/graph-error.js';
import type { Clock } from '../../src/io/clock.js';
import { scriptedGraph } from './fakes.js';

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);
const APP_TOKEN = '1234567890|canary-app-secret-for-doctor';

/** A clock that moves `stepMs` each time it is read, so the round trip has a length. */
function steppingClock(start: number, stepMs: number): Clock {
  let now = start - stepMs;
  return { now: () => (now += stepMs), sleep: async () => {} };
}

describe('skewFinding', () => {
  it('measures against the middle of the round trip and the middle of the Date second', () => {
    expect(measureSkew(T0, T0, T0 + 1000)).toBe(0);
    expect(measureSkew(T0 + 3_600_000, T0, T0)).toBe(3_600_500);
  });

  it('ok up to 5 minutes, warn beyond, fail (exit 2) beyond a day; names the direction', () => {
    expect(skewFinding(T0 + 4 * 60_000, T0, T0)).toMatchObject({ status: 'ok', message: expect.stringContaining('in sync') });
    expect(skewFinding(T0 + 6 * 60_000, T0, T0)).toMatchObject({ status: 'warn', message: expect.stringMatching(/^the local clock is 6m behind Facebook's/), remedy: expect.stringContaining('NTP') });
    expect(skewFinding(T0 - 2 * 3_600_000, T0, T0)).toMatchObject({ status: 'warn', message: expect.stringMatching(/ 2h ahead of Facebook's/) });
    expect(skewFinding(T0 + 3_600_000 - 1500, T0, T0)).toMatchObject({ message: expect.stringMatching(/ 1h behind/) });
    expect(skewFinding(T0 - 90_000, T0, T0)).toMatchObject({ status: 'ok', message: "in sync with Facebook's (within 1m)" });
    expect(skewFinding(T0 + 2 * 86_400_000, T0, T0)).toMatchObject({ status: 'fail', exitCode: 2, message: expect.stringContaining('2d behind') });
    expect(skewFinding(undefined, T0, T0)).toMatchObject({ status: 'skip' });
  });
});

describe('probeGraph', () => {
  it('one debug_token of the app token: latency, app credentials and skew', async () => {
    const g = scriptedGraph();
    g.expect('POST', '/debug_token', (req) => {
      expect(req).toMatchObject({ token: APP_TOKEN, method: 'POST', form: { input_token: APP_TOKEN }, retry: false });
      return { data: { data: { app_id: '1234567890', type: 'APP', application: 'Bot', is_valid: true } }, serverDate: T0 + 600_000 };
    });
    const result = await probeGraph({ graph: g.graph, clock: steppingClock(T0, 40), appId: '1234567890', appToken: APP_TOKEN });
    g.done();
    expect(result).toMatchObject({ reachable: true, appTokenValid: true });
    expect(result.findings).toEqual([
      expect.objectContaining({ check: 'graph.reachable', status: 'ok', message: 'https://graph.test (v26.0) answered in 40 ms' }),
      expect.objectContaining({ check: 'config.app-credentials', status: 'ok', message: 'Facebook accepts the app token of "Bot"' }),
      expect.objectContaining({ check: 'clock', status: 'warn', message: expect.stringContaining('10m behind') }),
    ]);
  });

  it('an app token of another app fails the credentials (exit 2)', async () => {
    const g = scriptedGraph();
    g.expect('POST', '/debug_token', { data: { data: { app_id: '999', type: 'APP', is_valid: true } } });
    const result = await probeGraph({ graph: g.graph, clock: steppingClock(T0, 1), appId: '1234567890', appToken: APP_TOKEN });
    expect(result.appTokenValid).toBe(false);
    expect(result.findings[1]).toMatchObject({ status: 'fail', exitCode: 2, message: expect.stringContaining('belongs to app 999') });
  });

  it('an error envelope still proves Graph is reachable; a wrong secret is exit 2', async () => {
    const g = scriptedGraph();
    g.expect('POST', '/debug_token', GraphError.fromEnvelope({ error: { message: 'Error validating client secret.', code: 1 } }, 400)!);
    const result = await probeGraph({ graph: g.graph, clock: steppingClock(T0, 5), appId: '1234567890', appToken: APP_TOKEN });
    expect(result).toMatchObject({ reachable: true, appTokenValid: false });
    expect(result.findings.map((f) => [f.check, f.status, f.exitCode])).toEqual([
      ['graph.reachable', 'ok', 0],
      ['config.app-credentials', 'fail', 2],
      ['clock', 'skip', 0],
    ]);
  });

  it('without an app token it calls unauthenticated and skips the credentials', async () => {
    const g = scriptedGraph();
    g.expect('POST', '/debug_token', (req) => {
      expect(req.token).toBeUndefined();
      return GraphError.fromEnvelope({ error: { message: 'An access token is required', code: 104 } }, 400)!;
    });
    const result = await probeGraph({ graph: g.graph, clock: steppingClock(T0, 5) });
    g.done();
    expect(result.reachable).toBe(true);
    expect(result.findings[1]).toMatchObject({ check: 'config.app-credentials', status: 'skip' });
  });

  it('a network failure is exit 6 and skips the rest', async () => {
    const g = scriptedGraph();
    g.expect('POST', '/debug_token', new GraphError('connect ECONNREFUSED 127.0.0.1:9', { kind: 'network' }));
    const result = await probeGraph({ graph: g.graph, clock: steppingClock(T0, 5), appId: '1', appToken: APP_TOKEN });
    expect(result).toMatchObject({ reachable: false, appTokenValid: false });
    expect(result.findings[0]).toMatchObject({ check: 'graph.reachable', status: 'fail', exitCode: 6, message: expect.stringContaining('ECONNREFUSED') });
    expect(result.findings.slice(1).map((f) => f.status)).toEqual(['skip', 'skip']);
  });

  it('Facebook failing (HTTP 500 with an error envelope, code 2) is not "reachable": exit 6', async () => {
    const g = scriptedGraph();
    g.expect('POST', '/debug_token', GraphError.fromEnvelope({ error: { message: 'An unexpected error has occurred.', code: 2, is_transient: true } }, 500)!);
    const result = await probeGraph({ graph: g.graph, clock: steppingClock(T0, 5), appId: '1', appToken: APP_TOKEN });
    expect(result).toMatchObject({ reachable: false, appTokenValid: false });
    expect(result.findings[0]).toMatchObject({ check: 'graph.reachable', status: 'fail', exitCode: 6 });
  });
});
