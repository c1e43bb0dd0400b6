// Graph answers, but broken: persistent 5xx, an HTML outage page, cut-off JSON, reset connections.
// Every command ends with exit 6 after its retries (FBTOK_RETRY_BASE_MS=1 keeps the backoff short).
import { describe, expect, it } from 'vitest';
import { defineFaultMatrix, expectReported, type Fault } from './fault-matrix.js';

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
  it.each([
    ['a wrong exit code', { ...good, code: 1 }],
    ['a killed CLI', { ...good, code: null, signal: 'SIGKILL' as const }],
    ['a stack trace', { ...good, stderr: `${good.stderr}TypeError: x\n    at run (file:///a/b.js:1:2)\n` }],
    ['no remedy line', { ...good, stderr: 'error: Could not reach Facebook.\n' }],
    ['two error lines', { ...good, stderr: `${good.stderr}error: again\n  x\n` }],
  ])('fails on %s', (_what, result) => {
    expect(() => expectReported(result, fault, 'probe')).toThrow();
  });
  it('passes the good one', () => expectReported(good, fault, 'probe'));
});
