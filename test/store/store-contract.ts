// The behaviour every backend owes (keychain, file, helpers); each backend's test file runs it.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readAuditLog } from '../../src/store/audit-log.js';
import { fingerprint } from '../../src/store/fingerprint.js';
import type { TokenStore } from '../../src/store/token-store.js';
import { record, token, type TempPaths } from '../helpers/store-fixtures.js';

export interface ContractSetup {
  paths: TempPaths;
  store: TokenStore;
  profile: string;
}

/** `setup` makes a fresh store in fresh paths for each test; the caller removes them. */
export function storeContract(setup: () => Promise<ContractSetup>, timeout = 20_000): void {
  it('round-trips a token: record from the index, secret from the backend', async () => {
    const { store } = await setup();
    await store.put([{ record: record('user'), secret: token('rt') }], { command: 'login' });
    expect(await store.getSecret('user')).toBe(token('rt'));
    const got = await store.get('user');
    expect(got).toMatchObject({ name: 'user', type: 'USER', schemaVersion: 1, fingerprint: fingerprint(token('rt')) });
    expect(got?.previous).toBeUndefined();
    expect((await store.list()).map((r) => r.name)).toEqual(['user']);
    expect(await store.getSecret('page:1')).toBeUndefined();
  }, timeout);

  it('prepareWrite loads ahead and changes nothing; the write after it works', async () => {
    const { store } = await setup();
    expect(store.prepareWrite).toBeTypeOf('function');
    store.prepareWrite!();
    expect(await store.list()).toEqual([]);
    await store.put([{ record: record('user'), secret: token('pw') }], { command: 'login' });
    expect(await store.getSecret('user')).toBe(token('pw'));
  }, timeout);

  it('keeps the replaced secret as previous (only one)', async () => {
    const { store } = await setup();
    await store.put([{ record: record('user', { obtainedAt: '2026-01-01T00:00:00.000Z' }), secret: token('v1') }], { command: 'login' });
    await store.put([{ record: record('user', { expiresAt: '2031-01-01T00:00:00.000Z' }), secret: token('v2') }], { command: 'rotate' });
    expect(await store.getSecret('user')).toBe(token('v2'));
    expect(await store.getPreviousSecret('user')).toBe(token('v1'));
    expect((await store.get('user'))?.previous).toEqual({
      fingerprint: fingerprint(token('v1')),
      obtainedAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2030-01-01T00:00:00.000Z',
    });
    await store.put([{ record: record('user'), secret: token('v3') }], { command: 'rotate' });
    expect(await store.getPreviousSecret('user')).toBe(token('v2'));
    expect((await store.get('user'))?.previous?.fingerprint).toBe(fingerprint(token('v2')));
  }, timeout);

  it('deletes a token and its previous, and says whether there was one', async () => {
    const { store } = await setup();
    await store.put([{ record: record('page:1'), secret: token('p1') }], { command: 'pages' });
    await store.put([{ record: record('page:1'), secret: token('p1b') }], { command: 'pages' });
    await store.put([{ record: record('page:2'), secret: token('p2') }], { command: 'pages' });
    expect(await store.delete('page:1', { command: 'token delete' })).toBe(true);
    expect(await store.getSecret('page:1')).toBeUndefined();
    expect(await store.getPreviousSecret('page:1')).toBeUndefined();
    expect((await store.list()).map((r) => r.name)).toEqual(['page:2']);
    expect(await store.delete('page:1', { command: 'token delete' })).toBe(false);
    expect(await store.getSecret('page:2')).toBe(token('p2'));
  }, timeout);

  it('updates metadata without touching the secret', async () => {
    const { store } = await setup();
    await store.put([{ record: record('user'), secret: token('u') }], { command: 'login' });
    const invalid = { code: 190, subcode: 460, message: 'password changed', at: '2026-02-01T00:00:00.000Z' };
    await store.updateRecords([{ ...record('user'), fingerprint: 'bogus', invalid }], { command: 'doctor' });
    const got = await store.get('user');
    expect(got?.invalid).toEqual(invalid);
    expect(got?.fingerprint).toBe(fingerprint(token('u')));
    expect(await store.getSecret('user')).toBe(token('u'));
  }, timeout);

  it('reads many secrets at once; missing names are absent', async () => {
    const { store } = await setup();
    await store.put(
      [1, 2, 3].map((i) => ({ record: record(`page:${i}`), secret: token(`bulk${i}`) })),
      { command: 'pages' },
    );
    const map = await store.getSecrets(['page:1', 'page:3', 'page:9']);
    expect([...map.entries()].sort()).toEqual([['page:1', token('bulk1')], ['page:3', token('bulk3')]]);
  }, timeout);

  it('keeps the app secret and client token apart from the tokens', async () => {
    const { store } = await setup();
    await store.setAppSecret('app-secret', 'app-secret-CANARYAS', { command: 'config set' });
    await store.setAppSecret('client-token', 'client-token-CANARYCT', { command: 'config set' });
    expect(await store.getAppSecret('app-secret')).toBe('app-secret-CANARYAS');
    expect(await store.getAppSecret('client-token')).toBe('client-token-CANARYCT');
    expect(await store.list()).toEqual([]);
  }, timeout);

  it('audits every change with fingerprints only, never a secret', async () => {
    const { store, paths, profile } = await setup();
    await store.put([{ record: record('user'), secret: token('a1') }], { command: 'login' });
    await store.put([{ record: record('user', { expiresAt: '2031-01-01T00:00:00.000Z' }), secret: token('a2') }], { command: 'rotate' });
    await store.put([{ record: record('user', { expiresAt: '2031-01-01T00:00:00.000Z' }), secret: token('a2') }], { command: 'rotate' });
    await store.setAppSecret('app-secret', 'app-secret-CANARYAS', { command: 'config set' });
    await store.delete('user', { command: 'token delete' });
    const entries = await readAuditLog(paths.stateDir);
    expect(entries.map((e) => [e.command, e.name, e.action, e.outcome])).toEqual([
      ['login', 'user', 'put', 'stored'],
      ['rotate', 'user', 'put', 'replaced'],
      ['rotate', 'user', 'put', 'unchanged'],
      ['config set', 'config:app-secret', 'set-app-secret', 'stored'],
      ['token delete', 'user', 'delete', 'deleted'],
    ]);
    expect(entries[1]).toMatchObject({
      profile,
      oldFingerprint: fingerprint(token('a1')),
      newFingerprint: fingerprint(token('a2')),
      expiresAt: '2031-01-01T00:00:00.000Z',
      previousExpiresAt: '2030-01-01T00:00:00.000Z',
    });
    const log = await readFile(join(paths.stateDir, 'audit.log'), 'utf8');
    expect(log).not.toMatch(/CANARY|EAAB/);
    expect((await stat(join(paths.stateDir, 'audit.log'))).mode & 0o777).toBe(0o600);
  }, timeout);
}
