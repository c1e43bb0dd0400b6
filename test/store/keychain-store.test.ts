// The keychain store over a real, private Secret Service (gnome-keyring on its own session bus).
// The binding latches the bus address on first use, so this file sets it before any keychain call;
// vitest runs each file in its own process.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTokenStore } from '../../src/store/create-store.js';
import { fingerprint } from '../../src/store/fingerprint.js';
import { createKeychainVault } from '../../src/store/keychain-vault.js';
import { startSecretService, searchKeychain, type SecretServiceHandle } from '../helpers/secret-service.js';
import { clock, countingVault, newCounts, record, tempPaths, token, type CallCounts } from '../helpers/store-fixtures.js';
import { storeContract } from './store-contract.js';

let service: SecretServiceHandle;
let cleanup: Array<() => Promise<void>> = [];
let profileSeq = 0;

beforeAll(async () => {
  service = await startSecretService();
  process.env.DBUS_SESSION_BUS_ADDRESS = service.env.DBUS_SESSION_BUS_ADDRESS;
});
afterAll(async () => {
  await service?.stop();
});
afterEach(async () => {
  for (const fn of cleanup) await fn();
  cleanup = [];
});

/** Each test gets its own profile, so keychain entries of earlier tests never leak in. */
async function keychainStore(counts?: CallCounts, extra: { concurrency?: number } = {}) {
  const paths = await tempPaths();
  cleanup.push(() => paths.remove());
  const profile = `t${++profileSeq}`;
  const store = await createTokenStore({
    kind: 'keychain',
    profile,
    paths,
    env: { ...service.env },
    clock,
    interactive: false,
    warn: () => {},
    wrapVault: counts ? countingVault(counts) : undefined,
    ...extra,
  });
  cleanup.push(() => store.close());
  return { paths, store, profile };
}

describe('keychain store', () => {
  storeContract(() => keychainStore());

  it('files entries under service fbtok, account <profile>/<name>, visible to secret-tool', async () => {
    const { store, profile } = await keychainStore();
    await store.put([{ record: record('page:77'), secret: token('st1') }], { command: 'pages' });
    await store.put([{ record: record('page:77'), secret: token('st2') }], { command: 'pages' });
    await store.setAppSecret('app-secret', 'app-secret-CANARYAS', { command: 'config set' });
    const listing = await searchKeychain(service.env);
    expect(listing).toContain(`attribute.username = ${profile}/page:77`);
    expect(listing).toContain(`attribute.username = ${profile}/page:77#previous`);
    expect(listing).toContain(`attribute.username = ${profile}/config:app-secret`);
    expect(listing).toContain('attribute.service = fbtok');
  });

  it('keeps the index free of secrets, 0600 in the config dir', async () => {
    const { store, paths, profile } = await keychainStore();
    await store.put([{ record: record('user'), secret: token('idx') }], { command: 'login' });
    await store.setAppSecret('app-secret', 'app-secret-CANARYAS', { command: 'config set' });
    const index = join(paths.configDir, 'index', 'keychain', `${profile}.json`);
    expect(await readFile(index, 'utf8')).not.toMatch(/CANARY|EAAB/);
    expect((await stat(index)).mode & 0o777).toBe(0o600);
  });

  it('never rewrites a secret that did not change, and list/get touch only the index', async () => {
    const counts = newCounts();
    const { store, profile } = await keychainStore(counts);
    await store.put([{ record: record('user'), secret: token('same') }], { command: 'login' });
    expect(counts.setAccounts).toEqual([`${profile}/user`]);
    await store.put([{ record: record('user', { expiresAt: null }), secret: token('same') }], { command: 'login' });
    await store.setAppSecret('app-secret', 'app-secret-1', { command: 'config set' });
    await store.setAppSecret('app-secret', 'app-secret-1', { command: 'config set' });
    expect(counts.setAccounts).toEqual([`${profile}/user`, `${profile}/config:app-secret`]);
    expect((await store.get('user'))?.expiresAt).toBeNull();
    const before = counts.get + counts.set + counts.delete;
    await store.list();
    await store.get('user');
    expect(counts.get + counts.set + counts.delete).toBe(before);
  });

  it('the secret wins over an index whose fingerprint lags (a crash between the two writes)', async () => {
    const counts = newCounts();
    const { store, profile } = await keychainStore(counts);
    await store.put([{ record: record('user'), secret: token('old') }], { command: 'login' });
    // What a kill -9 after the secret write but before the index write leaves behind:
    const vault = await createKeychainVault({ env: service.env, clock, timeoutMs: 3000 });
    await vault.set(`${profile}/user`, token('new'));
    expect(await store.getSecret('user')).toBe(token('new'));
    expect((await store.get('user'))?.fingerprint).toBe(fingerprint(token('old')));
    counts.setAccounts.length = 0;
    await store.put([{ record: record('user'), secret: token('new') }], { command: 'login' });
    expect(counts.setAccounts).toEqual([]);
    expect((await store.get('user'))?.fingerprint).toBe(fingerprint(token('new')));
  });

  it('writes and reads 300 Page tokens concurrently, at most 8 calls in flight, reading in bulk', async () => {
    const counts = newCounts();
    const { store } = await keychainStore(counts);
    const pages = Array.from({ length: 300 }, (_, i) => ({ record: record(`page:${i}`), secret: token(`page${i}`) }));
    await store.put(pages, { command: 'pages' });
    expect(counts.set).toBe(300);
    // What is already stored under those names is read in one search, not one lookup per account.
    expect(counts.getMany).toBe(1);
    expect(counts.get).toBe(0);
    expect(counts.maxInFlight).toBeGreaterThan(1);
    expect(counts.maxInFlight).toBeLessThanOrEqual(8);
    expect(await store.list()).toHaveLength(300);
    counts.maxInFlight = 0;
    const secrets = await store.getSecrets(pages.map((p) => p.record.name));
    expect(counts.getMany).toBe(2);
    expect(counts.get).toBe(0);
    expect(secrets.size).toBe(300);
    expect(secrets.get('page:123')).toBe(token('page123'));
    expect(counts.maxInFlight).toBeLessThanOrEqual(8);
    // Unchanged: not one keychain write.
    const sets = counts.set;
    await store.put(pages, { command: 'pages' });
    expect(counts.set).toBe(sets);
  }, 60_000);
});
