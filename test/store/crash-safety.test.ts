// kill -9 at any instant leaves a store that reads and holds a working token: a child replaces one
// token in a loop and is killed at several points; a fresh process then reads the store.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAuditLog } from '../../src/store/audit-log.js';
import { fingerprint } from '../../src/store/fingerprint.js';
import type { TokenRecord } from '../../src/store/token-store.js';
import { tempPaths } from '../helpers/store-fixtures.js';
import { runWorker, startWorker, useWorkerSecretService } from '../helpers/store-worker.js';

const service = useWorkerSecretService();

async function crashAndCheck(kind: 'file' | 'keychain', env: Record<string, string | undefined>) {
  const paths = await tempPaths();
  try {
    let heldAtKill = 0;
    const job = { kind, configDir: paths.configDir, stateDir: paths.stateDir, lockStaleMs: 2000, lockWaitMs: 15_000 };
    // Kill after a varying number of committed puts plus a varying delay, so the kill lands at
    // different steps of a put (lock, #previous, secret, index, audit).
    const rounds = [[1, 0], [2, 2], [3, 5], [1, 9], [2, 14], [4, 21]];
    for (const [round, [killAfter, delayMs]] of rounds.entries()) {
      const prefix = `EAABcrash${round}x`;
      const writer = startWorker({ ...job, ops: [{ op: 'put-loop', name: 'user', secretPrefix: prefix }] }, env);
      const seen = await writer.waitFor((e) => typeof e.committed === 'number' && e.committed >= killAfter);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      writer.child.kill('SIGKILL');
      await writer.exit;
      const committed = Math.max(...writer.events.filter((e) => typeof e.committed === 'number').map((e) => e.committed as number));
      expect(committed).toBeGreaterThanOrEqual(seen.committed as number);

      const read = await runWorker({ ...job, ops: [{ op: 'get', name: 'user' }, { op: 'get-previous', name: 'user' }, { op: 'list' }] }, env);
      expect(read.code, read.stderr + JSON.stringify(read.events)).toBe(0);
      const secret = read.events.find((e) => 'secret' in e)!.secret as string;
      // The last committed token, or the one in flight if its secret landed before the kill.
      expect([`${prefix}${committed}`, `${prefix}${committed + 1}`]).toContain(secret);
      const previous = read.events.find((e) => 'previous' in e)!.previous as string;
      const n = Number(secret.slice(prefix.length));
      expect([`${prefix}${n - 1}`, secret]).toContain(previous);
      const records = read.events.find((e) => 'records' in e)!.records as TokenRecord[];
      expect(records.map((r) => r.name)).toEqual(['user']);
      // The index may lag the secret by one put, never more.
      expect([fingerprint(secret), fingerprint(`${prefix}${n - 1}`)]).toContain(records[0].fingerprint);
      if (existsSync(join(paths.configDir, 'locks'))) heldAtKill += (await readdir(join(paths.configDir, 'locks'))).length > 0 ? 1 : 0;
    }
    // At least one kill must have landed inside a put (lock held), or this test proves little.
    expect(heldAtKill).toBeGreaterThan(0);
    const log = await readAuditLog(paths.stateDir);
    expect(log.length).toBeGreaterThan(4);
    expect(JSON.stringify(log)).not.toContain('EAAB');
  } finally {
    await paths.remove();
  }
}

describe('crash safety', () => {
  it('file store survives kill -9 mid-write', () => crashAndCheck('file', { ...process.env }), 120_000);
  it('keychain store survives kill -9 mid-write', () => crashAndCheck('keychain', service().env), 120_000);
});
