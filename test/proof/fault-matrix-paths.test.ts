// Faults aimed at one call a path makes after its first Graph calls went through, which a fault on every
// call never reaches: doctor --fix-subscriptions's subscribe POST (the probe and the reads work), and
// login --device's polls (a transient 5xx is retried and Facebook's "slow down" is obeyed: both still log in).
import { SLOW_DOWN_STEP_S } from '../../src/auth/device-login-flow.js';
import { DEVICE_INTERVAL } from '../../src/emulator/device.js';
import { LOGINS, PAGE_ID, defineFaultMatrix, type Cell, type Fault } from './fault-matrix.js';

// The seed subscribed the app to `messages` only, so the fix must POST subscribed_apps for the second field.
const fix: Cell = {
  name: 'doctor --fix-subscriptions',
  args: ['doctor', '--fix-subscriptions', '--fields', 'messages,messaging_postbacks'],
  findings: true,
  graphCalls: 6,
};
const subscribe = { match: `/${PAGE_ID}/subscribed_apps`, method: 'POST', times: Infinity };
const subscribeFaults: Fault[] = [
  {
    name: 'POST subscribed_apps 5xx', spec: { kind: 'http-500', ...subscribe }, flags: [], exitCode: 6, killAfterMs: 30_000, stderr: /webhook subscriptions/,
    met: { method: 'POST', path: subscribe.match, status: 500, atLeast: 4 },
  },
  {
    name: 'POST subscribed_apps Page rate limit (--max-wait 0)',
    spec: { kind: 'rate-limit', code: 32, ...subscribe },
    flags: ['--max-wait', '0'], exitCode: 5, killAfterMs: 30_000, stderr: /--max-wait 0: no waiting.*wait a few minutes/,
    met: { method: 'POST', path: subscribe.match, status: 400, atLeast: 1 },
  },
  {
    name: 'POST subscribed_apps hang (--timeout 1)',
    spec: { kind: 'hang', ...subscribe },
    flags: ['--timeout', '1'], exitCode: 6, killAfterMs: 40_000, stderr: /did not answer within/,
    // A hung request is recorded with no status.
    met: { method: 'POST', path: subscribe.match, status: 0, atLeast: 1 },
  },
];
defineFaultMatrix('fault matrix: doctor --fix-subscriptions when only the subscribe call fails', subscribeFaults, { commands: [fix], logins: [], revokes: [] });

const device = LOGINS.find((l) => l.name === 'login --device')!;
const poll = { match: '/device/login_status' };
defineFaultMatrix(
  'fault matrix: login --device polling through a transient 5xx',
  [{
    name: 'device/login_status 503 twice', spec: { kind: 'http-503', ...poll, times: 2 }, flags: [], exitCode: 0, killAfterMs: 30_000,
    met: { method: 'POST', path: poll.match, status: 503, atLeast: 2 },
  }],
  { commands: [], logins: [device], revokes: [] },
);
// One "slow down" (17/1349172): the next poll comes SLOW_DOWN_STEP_S later than the interval.
defineFaultMatrix(
  'fault matrix: login --device told to slow down',
  [{
    name: 'device/login_status slow down once', spec: { kind: 'device-slow-down', ...poll, times: 1 }, flags: [], exitCode: 0, killAfterMs: 40_000,
    met: { method: 'POST', path: poll.match, status: 400, atLeast: 1 },
  }],
  { commands: [], logins: [{ ...device, waitMs: (2 * DEVICE_INTERVAL + SLOW_DOWN_STEP_S) * 1000 }], revokes: [] },
);
