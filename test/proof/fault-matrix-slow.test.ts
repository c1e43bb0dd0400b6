// Graph is slow or refuses: a hang (per-attempt --timeout 1), a Business Use Case rate limit with its
// headers (--max-wait 0: exit 5 naming the wait), and 200 ms of latency on every call (still exit 0).
import { defineFaultMatrix, type Fault } from './fault-matrix.js';

const faults: Fault[] = [
  { name: 'hang (--timeout 1)', spec: { kind: 'hang', times: Infinity }, flags: ['--timeout', '1'], exitCode: 6, killAfterMs: 40_000, stderr: /did not answer within/ },
  {
    name: 'rate limit 80001 (--max-wait 0)',
    spec: { kind: 'rate-limit', code: 80001, estimatedTimeToRegainAccess: 7, times: Infinity },
    flags: ['--max-wait', '0'], exitCode: 5, killAfterMs: 30_000, stderr: /wait about 7m/,
  },
  {
    name: 'rate limit 4 with X-App-Usage (--max-wait 0)',
    spec: { kind: 'rate-limit', code: 4, times: Infinity },
    flags: ['--max-wait', '0'], exitCode: 5, killAfterMs: 30_000, stderr: /--max-wait 0: no waiting.*wait a few minutes/,
  },
  { name: 'latency 200 ms', latencyMs: 200, flags: [], exitCode: 0, killAfterMs: 30_000 },
];

defineFaultMatrix('fault matrix: slow and refusing Graph', faults);
