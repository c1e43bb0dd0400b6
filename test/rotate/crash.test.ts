// A rotation killed at any instant (SIGKILL) leaves a store that reads and holds working tokens, and two
// rotations at once do not lose each other's work. Kill points follow observed emulator requests, not time.
import { afterEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprint } from '../../src/store/fingerprint.js';
import { startCli } from '../helpers/cli-stream.js';
import { runCli } from '../helpers/run-cli.js';
import { byName, seedUserAndPages, setUpRotation, type JsonOutcome, type RotationFixture } from './harness.js';

const PAGES = ['page:100000000000101', 'page:100000000000102'];

/** Resolves once the emulator has seen `n` requests, or the process has exited; yields to I/O in between. */
async function untilRequests(f: RotationFixture, n: number, exited: () => boolean): Promise<void> {
  while (f.emu.requests.length < n && !exited()) await new Promise((resolve) => setImmediate(resolve));
}

describe('rotate under SIGKILL and concurrency', () => {
  let f: RotationFixture | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await f?.close();
    f = undefined;
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  /** A copy of the seeded config dir (store file and audit log), so each kill starts from the same state. */
  function copyOfStore(template: string): Record<string, string> {
    const dir = mkdtempSync(join(tmpdir(), 'fbtok-crash-'));
    dirs.push(dir);
    cpSync(template, dir, { recursive: true });
    return { ...f!.env, FBTOK_CONFIG_DIR: dir };
  }

  async function expectWorkingStore(env: Record<string, string>, label: string): Promise<{ user: string; derivedFrom: Array<string | undefined> }> {
    const list = await runCli(['token', 'list', '--json'], { env });
    expect(list.code, `${label}: ${list.stderr}`).toBe(0);
    const records = byRecord(JSON.parse(list.stdout));
    const tokens: Record<string, string> = {};
    for (const name of ['user', ...PAGES]) {
      const r = await runCli(['token', 'get', name], { env });
      expect(r.code, `${label}: token get ${name}: ${r.stderr}`).toBe(0);
      tokens[name] = r.stdout.trim();
      expect((await f!.debug(tokens[name])).is_valid, `${label}: ${name} works`).toBe(true);
      expect(records[name].fingerprint, `${label}: ${name} index matches its secret`).toBe(fingerprint(tokens[name]));
    }
    return { user: tokens.user, derivedFrom: PAGES.map((p) => records[p].derivedFrom) };
  }

  it('SIGKILL after each request of a rotation leaves a readable store holding working tokens; the next run finishes the job', async () => {
    f = await setUpRotation({ extendLongLivedOnExchange: true, latencyMs: 25 });
    const original = await seedUserAndPages(f, 3);
    const template = f.env.FBTOK_CONFIG_DIR;

    // How many requests a whole rotation makes, measured on a scratch copy.
    const scratch = copyOfStore(template);
    f.emu.resetRequests();
    expect((await runCli(['rotate'], { env: scratch })).code).toBe(0);
    const total = f.emu.requests.length;
    expect(total).toBeGreaterThanOrEqual(4);

    const halfDone: Array<Record<string, string>> = [];
    for (let n = 1; n <= total; n++) {
      const env = copyOfStore(template);
      f.emu.resetRequests();
      const cli = startCli(['rotate'], { env });
      let exited = false;
      void cli.exited.then(() => (exited = true));
      await untilRequests(f, n, () => exited);
      const killedMidway = !exited;
      cli.child.kill('SIGKILL');
      const result = await cli.exited;
      expect(result.signal ?? result.code, `kill after request ${n}`).toBe(killedMidway ? 'SIGKILL' : 0);
      if (n < total) expect(killedMidway, `the rotation was still running at request ${n}`).toBe(true);
      const state = await expectWorkingStore(env, `killed after request ${n}`);
      if (state.user !== original && state.derivedFrom.some((d) => d !== fingerprint(state.user))) halfDone.push(env);
    }
    // Some kill landed between the user token's swap and the Pages': the next rotation re-derives them
    // (after taking over the dead process's stale lock).
    expect(halfDone.length).toBeGreaterThan(0);
    const env = halfDone[0];
    const r = await runCli(['rotate', '--json'], { env, timeoutMs: 45_000 });
    expect(r.code, r.stderr).toBe(0);
    const out = byName(JSON.parse(r.stdout) as JsonOutcome[]);
    expect(out.user.action).toBe('skipped');
    for (const page of PAGES) expect(out[page].action).toBe('rotated');
    const state = await expectWorkingStore(env, 'after the recovery run');
    expect(state.derivedFrom).toEqual([fingerprint(state.user), fingerprint(state.user)]);
  }, 120_000);

  it('two rotations at once: both exit 0, one exchange, no lost writes', async () => {
    f = await setUpRotation({ extendLongLivedOnExchange: true, latencyMs: 20 });
    const original = await seedUserAndPages(f, 3);
    const [a, b] = [startCli(['rotate', '--json'], { env: f.env }), startCli(['rotate', '--json'], { env: f.env })];
    const results = await Promise.all([a.exited, b.exited]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect(f.exchanges()).toBe(1);
    const views = results.map((r) => byName(JSON.parse(r.stdout) as JsonOutcome[]));
    expect(views.map((v) => v.user.action).sort()).toEqual(['rotated', 'skipped']);
    const user = await f.get('user');
    expect(user).not.toBe(original);
    expect((await f.debug(user)).is_valid).toBe(true);
    const records = byRecord(await f.list());
    expect(records.user.previous?.fingerprint).toBe(fingerprint(original));
    for (const page of PAGES) {
      expect(records[page].derivedFrom).toBe(fingerprint(user));
      expect((await f.debug(await f.get(page))).is_valid).toBe(true);
    }
    const rotateEntries = f.auditText().trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.command === 'rotate' && e.outcome !== 'intent');
    expect(rotateEntries.filter((e) => e.name === 'user' && e.outcome === 'replaced')).toHaveLength(1);
    expect(rotateEntries).toHaveLength(3);
  });

  it('two rotations at once against a peer that does not extend: both exit 8, the store unchanged', async () => {
    f = await setUpRotation({ latencyMs: 20 });
    const original = await seedUserAndPages(f, 3);
    const before = f.storeBytes();
    const results = await Promise.all([startCli(['rotate'], { env: f.env }).exited, startCli(['rotate'], { env: f.env }).exited]);
    for (const r of results) {
      expect(r.code, r.stderr).toBe(8);
      expect(r.stdout).toContain('long-lived token cannot be extended');
    }
    expect(f.exchanges()).toBe(2);
    expect(f.storeBytes()).toBe(before);
    expect(await f.get('user')).toBe(original);
  });
});

function byRecord(records: Array<Record<string, any>>): Record<string, Record<string, any>> {
  return Object.fromEntries(records.map((r) => [r.name, r]));
}
