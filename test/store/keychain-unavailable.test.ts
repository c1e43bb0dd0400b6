// No keychain reachable: each case runs the compiled store in its own process (the binding latches
// the bus address per process) and must end with exit 7, a cause, the alternatives, and a process
// that exits by itself soon after.
import { afterEach, describe, expect, it } from 'vitest';
import { lockCollection } from '../helpers/secret-service.js';
import { tempPaths, type TempPaths } from '../helpers/store-fixtures.js';
import { runWorker, useWorkerSecretService } from '../helpers/store-worker.js';

const service = useWorkerSecretService();
let paths: TempPaths;
afterEach(async () => {
  service().thaw();
  await paths?.remove();
});

async function putWith(env: Record<string, string | undefined>, callTimeoutMs = 500) {
  paths = await tempPaths();
  const result = await runWorker(
    { kind: 'keychain', configDir: paths.configDir, callTimeoutMs, ops: [{ op: 'put', name: 'user', secret: 'EAABsecretCANARY0000000000000' }] },
    env,
  );
  const last = result.events.at(-1) as { error?: { message: string; remedy: string; exitCode: number }; ms: number };
  return { ...result, error: last.error, storeMs: last.ms };
}

function expectExit7(result: Awaited<ReturnType<typeof putWith>>, cause: RegExp) {
  expect(result.code, result.stderr).toBe(7);
  expect(result.error?.message).toMatch(cause);
  expect(result.error?.remedy).toMatch(/--store file.*FBTOK_STORE=file.*FBTOK_STORE_PASSPHRASE|--store file.*FBTOK_STORE_PASSPHRASE/);
  expect(JSON.stringify(result.events)).not.toContain('CANARY');
}

describe('keychain store process lifecycle', () => {
  it('a reachable keychain: the process exits as soon as its work is done (no lingering handles)', async () => {
    paths = await tempPaths();
    const result = await runWorker(
      { kind: 'keychain', configDir: paths.configDir, ops: [{ op: 'put', name: 'user', secret: 'EAABsecretCANARY0000000000001' }, { op: 'get', name: 'user' }] },
      service().env,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.events.find((e) => 'secret' in e)?.secret).toBe('EAABsecretCANARY0000000000001');
    const storeMs = (result.events.at(-1) as { ms: number }).ms;
    // A lingering handle would keep the process alive until the worker's kill; exiting at all proves it.
    // The bound is loose on purpose (a loaded CI machine starts Node slowly): it separates "exits" from "hangs".
    expect(result.ms - storeMs).toBeLessThan(10_000);
  });
});

describe('keychain store without a reachable keychain', () => {
  it('no D-Bus session bus at all: exit 7 at once', async () => {
    // A 10 s call timeout that is never reached: the failure comes from the probe, not from waiting.
    const result = await putWith({ ...service().env, DBUS_SESSION_BUS_ADDRESS: undefined }, 10_000);
    expectExit7(result, /No D-Bus session bus \(DBUS_SESSION_BUS_ADDRESS is not set\)/);
    expect(result.storeMs).toBeLessThan(10_000);
  });

  it('a dead bus address: exit 7 at once', async () => {
    const result = await putWith({ ...service().env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${service().dir}/no-such-bus` }, 10_000);
    expectExit7(result, /Cannot reach the D-Bus session bus/);
    expect(result.storeMs).toBeLessThan(10_000);
  });

  it('a Secret Service that never answers: exit 7 within the call timeout, and the process exits', async () => {
    service().freezeKeyring();
    const result = await putWith(service().env, 500);
    expectExit7(result, /The Secret Service did not answer within 0\.5s/);
    expect(result.storeMs).toBeGreaterThanOrEqual(450);
    expect(result.ms).toBeLessThan(10_000);
  });

  it('a session bus that never answers: exit 7 within the call timeout, and the process exits', async () => {
    service().freezeBus();
    const result = await putWith(service().env, 500);
    expectExit7(result, /The D-Bus session bus did not answer within 0\.5s/);
    expect(result.ms).toBeLessThan(10_000);
  });

  // Last: the collection stays locked for the rest of this file.
  it('a locked collection: exit 7 "The keychain is locked"', async () => {
    await lockCollection(service().env);
    // With a 10 s call timeout the answer must come from the keychain itself, not from the timeout.
    const result = await putWith(service().env, 10_000);
    expect(result.code, result.stderr).toBe(7);
    expect(result.error?.message).toMatch(/The keychain is locked/);
    expect(result.error?.remedy).toMatch(/Unlock the login keyring.*--store file/);
  });
});
