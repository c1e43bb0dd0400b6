// The Secret Service dies (kill -9) while fbtok processes write to it. Whatever the binding's native threads
// do afterwards (a bus-activated keyring that asks for an unlock nobody can answer blocks them for good),
// every fbtok ends soon after its call timeout with exit 7, and leaves the store lock free.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli, tempConfigDir } from '../helpers/run-cli.js';
import { startSecretService, type SecretServiceHandle } from '../helpers/secret-service.js';

let service: SecretServiceHandle;
const config = tempConfigDir();
beforeAll(async () => {
  service = await startSecretService();
}, 60_000);
afterAll(async () => {
  await service?.stop();
  config.remove();
});

it('kill -9 of the keyring daemon under 8 writers: all 8 end within the call timeout plus a few seconds, the lock is free', async () => {
  const env = { ...service.env, FBTOK_STORE: 'keychain', FBTOK_CONFIG_DIR: config.dir, FBTOK_STATE_DIR: join(config.dir, 'state') };
  // One write first, so the login collection and the index exist, as on a machine in use.
  const first = await runCli(['config', 'set', 'app-secret', '--stdin', '--profile', 'w0'], { env, input: '0123456789abcdef0123456789abcdef' });
  expect(first.code, first.stderr).toBe(0);

  const started = Date.now();
  // Hung processes are killed by the harness at 90 s, far past the bound below: a hang shows as SIGKILL.
  const writers = Array.from({ length: 8 }, (_, i) =>
    runCli(['config', 'set', 'app-secret', '--stdin', '--profile', `w${i}`], { env, input: `${i}123456789abcdef0123456789abcdef`.slice(0, 32), timeoutMs: 90_000 }),
  );
  service.killKeyring();
  const results = await Promise.all(writers);
  const elapsed = Date.now() - started;

  for (const r of results) {
    expect(r.signal, r.stderr).toBeNull();
    // A writer that finished before the kill exits 0; every other one 7, with a cause and a remedy.
    expect([0, 7], r.stderr).toContain(r.code);
    if (r.code === 7) expect(r.stderr).toMatch(/^error: .*\n  .*--store file/);
  }
  expect(results.some((r) => r.code === 7)).toBe(true);
  // 3 s call timeout (the default), plus process start-up on a loaded machine.
  expect(elapsed).toBeLessThan(3000 + 20_000);
  // No lock left behind: the lock directory holds no `.lock` of any profile.
  const locks = await readdir(join(config.dir, 'locks')).catch(() => [] as string[]);
  expect(locks.filter((name) => name.endsWith('.lock'))).toEqual([]);
}, 120_000);
