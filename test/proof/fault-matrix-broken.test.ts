// Graph answers, but broken: persistent 5xx, an HTML outage page, cut-off JSON, reset connections.
// Every command ends with exit 6 after its retries (FBTOK_RETRY_BASE_MS=1 keeps the backoff short).
import { describe, expect, it } from 'vitest';
import type { CliResult } from '../helpers/run-cli.js';
import {
  COMMANDS, RETRIES, SLACK_FACTOR, START_SLACK_MS, boundMs, callBudgetMs, defineFaultMatrix, expectReported, type Fault,
} from './fault-matrix.js';

const unreachable = { flags: [] as string[], exitCode: 6, killAfterMs: 30_000 };

const faults: Fault[] = [
  { name: '5xx persistent', spec: { kind: 'http-500', times: Infinity }, ...unreachable },
  { name: '503 transient, persistent', spec: { kind: 'http-503', times: Infinity }, ...unreachable },
  { name: 'HTML body', spec: { kind: 'html', times: Infinity }, ...unreachable, stderr: /instead of JSON/ },
  { name: 'truncated body', spec: { kind: 'truncated', times: Infinity }, ...unreachable, stderr: /cut off/ },
  { name: 'connection reset', spec: { kind: 'reset', times: Infinity }, ...unreachable },
];

defineFaultMatrix('fault matrix: broken answers', faults);

// The checker the matrix relies on must itself refuse what it is there to catch.
describe('fault matrix checker', () => {
  const fault: Fault = { name: 'x', flags: [], exitCode: 6, killAfterMs: 1 };
  const good = { code: 6, signal: null, stdout: '', stderr: 'error: Could not reach Facebook (ECONNRESET).\n  Try again.\n' };
  const fast = (result: typeof good | CliResult) => ({ result, ms: 100 });
  it.each([
    ['a wrong exit code', fast({ ...good, code: 1 })],
    ['a killed CLI', fast({ ...good, code: null, signal: 'SIGKILL' as const })],
    ['a stack trace', fast({ ...good, stderr: `${good.stderr}TypeError: x\n    at run (file:///a/b.js:1:2)\n` })],
    ['no remedy line', fast({ ...good, stderr: 'error: Could not reach Facebook.\n' })],
    ['two error lines', fast({ ...good, stderr: `${good.stderr}error: again\n  x\n` })],
    ['a run over its time bound', { result: good, ms: boundMs(fault, {}) + 1 }],
  ])('fails on %s', (_what, run) => {
    expect(() => expectReported(run, fault, 'probe')).toThrow();
  });
  it('passes the good one', () => expectReported(fast(good), fault, 'probe'));

  // The bound follows the settings: a hang costs --timeout per attempt, a rate limit at most --max-wait.
  it('derives each bound from --timeout, --max-wait and the retries', () => {
    const hang = { spec: { kind: 'hang' as const }, flags: ['--timeout', '1'], exitCode: 6 };
    expect(callBudgetMs(hang)).toBeGreaterThanOrEqual((RETRIES + 1) * 1000);
    expect(callBudgetMs(hang)).toBeLessThan((RETRIES + 1) * 1000 + 100);
    expect(callBudgetMs({ ...hang, flags: ['--timeout', '30'] })).toBeGreaterThanOrEqual((RETRIES + 1) * 30_000);
    expect(callBudgetMs({ spec: { kind: 'rate-limit' as const }, flags: ['--max-wait', '0'] })).toBe(0);
    expect(callBudgetMs({ spec: { kind: 'rate-limit' as const }, flags: [] })).toBe(300_000 + 2.5);
    expect(boundMs(hang, { graphCalls: 5, failingCalls: 2, waitMs: 5000 })).toBe(START_SLACK_MS + 5000 + SLACK_FACTOR * 2 * callBudgetMs(hang));
    expect(boundMs({ latencyMs: 200, flags: [], exitCode: 0 }, { graphCalls: 5 })).toBe(START_SLACK_MS + SLACK_FACTOR * 5 * (RETRIES + 1) * 200 + SLACK_FACTOR * 5 * 8.75);
    // A regression to the default 30 s timeout is over the bound of every hang cell after one attempt.
    for (const cell of COMMANDS) expect(boundMs(hang, cell), cell.name).toBeLessThan(30_000);
  });
});
