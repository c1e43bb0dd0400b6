// The per-profile inter-process lock, with real processes: concurrent writers lose nothing, a holder
// that was killed -9 is taken over, and a live holder makes others give up with its pid.
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/errors.js';
import { createTokenStore } from '../../src/store/create-store.js';
import { createProfileLock } from '../../src/store/lock.js';
import { clock, record, tempPaths, token, type TempPaths } from '../helpers/store-fixtures.js';
import { requireFreshBuild, runWorker, startWorker, type WorkerRun } from '../helpers/store-worker.js';

let paths: TempPaths;
const workers: WorkerRun[] = [];
afterEach(async () => {
  for (const w of workers.splice(0)) {
    w.child.kill('SIGKILL');
    await w.exit;
  }
  await paths?.remove();
});

const open = (extra: { lockWaitMs?: number; lockStaleMs?: number } = {}) =>
  createTokenStore({ kind: 'file', profile: 'default', paths, env: {}, clock, interactive: false, warn: () => {}, ...extra });

describe('store lock', () => {
  it('six processes writing distinct names at once lose nothing', async () => {
    requireFreshBuild();
    paths = await tempPaths();
    const runs = await Promise.all(
      Array.from({ length: 6 }, (_, w) =>
        runWorker({ kind: 'file', configDir: paths.configDir, ops: [{ op: 'puts', count: 8, prefix: `w${w}-`, secretPrefix: `EAABworker${w}x` }] }),
      ),
    );
    for (const run of runs) expect(run.code, run.stderr + JSON.stringify(run.events)).toBe(0);
    const store = await open();
    const names = (await store.list()).map((r) => r.name);
    expect(names).toHaveLength(48);
    const secrets = await store.getSecrets(names);
    expect(secrets.get('w3-5')).toBe('EAABworker3x5');
    expect(secrets.size).toBe(48);
  }, 60_000);

  it('a live holder makes a writer give up with its pid after the bounded wait', async () => {
    requireFreshBuild();
    paths = await tempPaths();
    const holder = startWorker({ kind: 'file', configDir: paths.configDir, ops: [{ op: 'hold-lock' }] });
    workers.push(holder);
    await holder.waitFor((e) => 'locked' in e);
    const store = await open({ lockWaitMs: 300 });
    const error = await store.put([{ record: record('user'), secret: token(1) }], { command: 'login' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as StoreUnavailableError).exitCode).toBe(7);
    expect((error as Error).message).toContain(`locked by another fbtok (pid ${holder.child.pid})`);
    expect(await store.list()).toEqual([]);
  });

  it('takes over the lock of a holder killed with -9', async () => {
    requireFreshBuild();
    paths = await tempPaths();
    const holder = startWorker({ kind: 'file', configDir: paths.configDir, ops: [{ op: 'hold-lock' }] });
    workers.push(holder);
    await holder.waitFor((e) => 'locked' in e);
    holder.child.kill('SIGKILL');
    await holder.exit;
    const store = await open({ lockStaleMs: 2000, lockWaitMs: 10_000 });
    const started = Date.now();
    await store.put([{ record: record('user'), secret: token(1) }], { command: 'login' });
    expect(Date.now() - started).toBeLessThan(8000);
    expect(await store.getSecret('user')).toBe(token(1));
  });

  it('is re-entrant inside withLock of the same store, and serialises callers in one process', async () => {
    paths = await tempPaths();
    const store = await open({ lockWaitMs: 1000 });
    await store.withLock(async () => {
      await store.put([{ record: record('user'), secret: token(1) }], { command: 'login' });
      await store.delete('user', { command: 'token delete' });
    });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.put([{ record: record(`page:${i}`), secret: token(i) }], { command: 'pages' })),
    );
    expect(await store.list()).toHaveLength(10);
  });

  it('two lock objects on one path never hold it at once', async () => {
    paths = await tempPaths();
    const lockPath = `${paths.configDir}/locks/default`;
    const a = createProfileLock({ lockPath, clock, waitMs: 5000 });
    const b = createProfileLock({ lockPath, clock, waitMs: 5000 });
    let holders = 0;
    let most = 0;
    await Promise.all(
      [a, b, a, b].map(async (lock) => {
        const release = await lock.acquire();
        most = Math.max(most, ++holders);
        await new Promise((r) => setImmediate(r));
        holders--;
        await release();
      }),
    );
    expect(most).toBe(1);
  });
});
