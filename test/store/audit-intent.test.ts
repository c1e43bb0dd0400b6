// The audit entry is written before the secret (intent, then outcome): a process killed mid-write leaves a
// trail of what it was replacing, which `fbtok log` shows; a finished change shows only its outcome.
import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readAuditLog, withoutSettledIntents, type AuditEntry } from '../../src/store/audit-log.js';
import { fingerprint } from '../../src/store/fingerprint.js';
import { waitUntil } from '../helpers/binaries.js';
import { tempPaths, type TempPaths } from '../helpers/store-fixtures.js';
import { requireFreshBuild, startWorker, type WorkerRun } from '../helpers/store-worker.js';

let paths: TempPaths | undefined;
let helperDir: string | undefined;
let worker: WorkerRun | undefined;
afterEach(async () => {
  worker?.child.kill('SIGKILL');
  await worker?.exit;
  // The helpers this test started (their pid is in the file name): end their process groups.
  for (const name of helperDir ? await readdir(join(helperDir, 'calls')).catch(() => []) : []) {
    try {
      process.kill(-Number(name.split('-')[1]), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  if (helperDir) await rm(helperDir, { recursive: true, force: true });
  await paths?.remove();
  worker = paths = helperDir = undefined;
});

describe('audit intent before the secret', () => {
  it('kill -9 in the middle of a bulk put (the third secret never returns): the log holds an intent for every name', async () => {
    requireFreshBuild();
    paths = await tempPaths();
    helperDir = await mkdtemp(join(tmpdir(), 'fbtok-intent-helper-'));
    const calls = join(helperDir, 'calls');
    // A credential helper whose third `store` hangs, as a vault that dies mid-bulk-write would.
    await writeFile(
      join(helperDir, 'docker-credential-slow'),
      `#!/bin/sh
mkdir -p '${calls}'
case "$1" in
  store) cat > /dev/null; n=$(ls '${calls}' | wc -l); touch "${calls}/store-$$"; if [ "$n" -ge 2 ]; then sleep 1000; fi ;;
  get) cat > /dev/null; echo 'credentials not found in native keychain'; exit 1 ;;
  *) cat > /dev/null ;;
esac
`,
    );
    await chmod(join(helperDir, 'docker-credential-slow'), 0o755);
    const secrets = Array.from({ length: 6 }, (_, i) => `EAABintentSECRET${i}`);
    worker = startWorker(
      { kind: 'helper:slow', configDir: paths.configDir, stateDir: paths.stateDir, ops: [{ op: 'put-many', count: 6, prefix: 'page:', secretPrefix: 'EAABintentSECRET' }] },
      { PATH: `${helperDir}:${process.env.PATH}` },
    );
    // Concurrency 4: two stores return, the others hang; kill the writer then, mid-put.
    await waitUntil('three helper stores', async () => (await readdir(calls).catch(() => [])).length >= 3, 400, 50);
    worker.child.kill('SIGKILL');
    await worker.exit;

    const entries = await readAuditLog(paths.stateDir);
    expect(entries.map((e) => [e.name, e.action, e.outcome])).toEqual(secrets.map((_, i) => [`page:${i}`, 'put', 'intent']));
    expect(entries.map((e) => e.newFingerprint)).toEqual(secrets.map((s) => fingerprint(s)));
  }, 60_000);

  it('an intent settled by its outcome is not shown; one left by a crash is', () => {
    const base = { time: '2026-01-01T00:00:00.000Z', command: 'page-tokens', profile: 'default', action: 'put' as const, oldFingerprint: 'aaa', expiresAt: null, previousExpiresAt: null };
    const entries: AuditEntry[] = [
      { ...base, name: 'page:1', outcome: 'intent', newFingerprint: 'bbb' },
      { ...base, name: 'page:2', outcome: 'intent', newFingerprint: 'ccc' },
      { ...base, name: 'page:1', outcome: 'replaced', newFingerprint: 'bbb' },
      // A later run that did finish page:2 with another token: the first intent stays unexplained.
      { ...base, name: 'page:2', outcome: 'intent', newFingerprint: 'ddd' },
      { ...base, name: 'page:2', outcome: 'replaced', newFingerprint: 'ddd' },
    ];
    expect(withoutSettledIntents(entries).map((e) => [e.name, e.outcome, e.newFingerprint])).toEqual([
      ['page:2', 'intent', 'ccc'],
      ['page:1', 'replaced', 'bbb'],
      ['page:2', 'replaced', 'ddd'],
    ]);
  });
});
