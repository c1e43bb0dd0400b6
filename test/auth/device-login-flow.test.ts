import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { createGraphClient } from '../../src/graph/client.js';
import type { GraphClient } from '../../src/graph/types.js';
import type { DeviceLoginStart } from '../../src/graph/device-login.js';
import { DeviceCodeExpiredError, runDeviceLoginFlow, type DeviceLoginFlowOptions } from '../../src/auth/device-login-flow.js';
import { CancelledError, ExitCode } from '../../src/errors.js';
import { fakeClock, type FakeClock } from '../graph/helpers.js';

let emu: Emulator;
let graph: GraphClient;
let clock: FakeClock;

beforeEach(async () => {
  emu = await startEmulator();
  clock = fakeClock(Date.now());
  graph = createGraphClient({ baseUrl: emu.url, version: 'v26.0', timeoutMs: 5000, maxWaitMs: 0, clock, userAgent: 'fbtok/test' });
});

afterEach(async () => {
  await graph.close();
  await emu.close();
});

/** Flow options whose `onSleep` hook lets a test act "while" the CLI waits (approve, expire). */
function flow(extra: Partial<DeviceLoginFlowOptions> & { onSleep?: (n: number, shown: DeviceLoginStart[]) => void } = {}) {
  const shown: DeviceLoginStart[] = [];
  const restarts: boolean[] = [];
  const sleep = clock.sleep;
  const timed: FakeClock = {
    ...clock,
    sleep: async (ms, signal) => {
      await sleep(ms, signal);
      extra.onSleep?.(clock.sleeps.length, shown);
    },
  };
  const options: DeviceLoginFlowOptions = {
    graph,
    clientAccessToken: `${emu.appId}|${emu.clientToken}`,
    scopes: ['pages_show_list'],
    clock: timed,
    signal: new AbortController().signal,
    show: (start) => void shown.push(start),
    offerRestart: async () => (restarts.push(true), false),
    ...extra,
  };
  return { options, shown, restarts };
}

describe('device login flow', () => {
  it('polls at the given interval until the user approves', async () => {
    const { options, shown } = flow({ onSleep: (n, s) => n === 3 && emu.approveDevice(s[0].userCode) });
    const result = await runDeviceLoginFlow(options);
    expect(result.accessToken).toMatch(/^EAA/);
    expect(shown).toHaveLength(1);
    expect(shown[0].verificationUri).toContain('/device');
    expect(clock.sleeps).toEqual([5000, 5000, 5000]);
    expect(emu.requestCount('/device/login_status')).toBe(3);
  });

  it('adds 5 s to the interval when told to slow down (1349172)', async () => {
    emu.injectFault({ kind: 'device-slow-down', match: '/device/login_status', times: 1 });
    const { options } = flow({ onSleep: (n, s) => n === 3 && emu.approveDevice(s[0].userCode) });
    await runDeviceLoginFlow(options);
    expect(clock.sleeps).toEqual([5000, 10_000, 10_000]);
  });

  it('offers one restart when the code expires (1349152), then succeeds with the new code', async () => {
    const { options, shown } = flow({
      onSleep: (n, s) => {
        if (n === 1) emu.expireDeviceCode(s[0].userCode);
        if (n === 3) emu.approveDevice(s[1].userCode);
      },
      offerRestart: async () => true,
    });
    const result = await runDeviceLoginFlow(options);
    expect(result.accessToken).toMatch(/^EAA/);
    expect(shown).toHaveLength(2);
    expect(shown[0].userCode).not.toBe(shown[1].userCode);
  });

  it('stops with exit 3 and a remedy when the code expires and no restart is wanted', async () => {
    const { options, restarts } = flow({ onSleep: (n, s) => n === 2 && emu.expireDeviceCode(s[0].userCode) });
    const error = await runDeviceLoginFlow(options).catch((e) => e);
    expect(error).toBeInstanceOf(DeviceCodeExpiredError);
    expect(error.exitCode).toBe(ExitCode.tokenInvalid);
    expect(error.remedy).toContain('fbtok login --device');
    expect(restarts).toEqual([true]);
  });

  it('gives up on its own clock when the code outlives expires_in without an answer', async () => {
    const { options, shown } = flow({ offerRestart: async () => true });
    const error = await runDeviceLoginFlow(options).catch((e) => e);
    expect(error).toBeInstanceOf(DeviceCodeExpiredError);
    // Two codes (one restart), each polled until its 420 s ran out on the fake clock.
    expect(shown).toHaveLength(2);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(2 * 420_000);
  });

  it('ends with CancelledError when the signal aborts (Ctrl-C) during a wait', async () => {
    const controller = new AbortController();
    const { options } = flow({ signal: controller.signal, onSleep: (n) => n === 2 && controller.abort() });
    await expect(runDeviceLoginFlow(options)).rejects.toBeInstanceOf(CancelledError);
    expect(clock.sleeps).toHaveLength(2);
  });
});
