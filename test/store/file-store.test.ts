import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/errors.js';
import { createTokenStore, type CreateTokenStoreOptions } from '../../src/store/create-store.js';
import type { TokenStore } from '../../src/store/token-store.js';
import { clock, record, tempPaths, token, type TempPaths } from '../helpers/store-fixtures.js';
import { storeContract } from './store-contract.js';

const WINDOWS = process.platform === 'win32';

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup) await fn();
  cleanup = [];
});

async function fileStore(env: Record<string, string> = {}, extra: Partial<CreateTokenStoreOptions> = {}) {
  const paths = await tempPaths();
  cleanup.push(() => paths.remove());
  const warnings: string[] = [];
  const open = (more: Partial<CreateTokenStoreOptions> = {}): Promise<TokenStore> =>
    createTokenStore({ kind: 'file', profile: 'default', paths, env, clock, interactive: false, warn: (l) => warnings.push(l), ...extra, ...more });
  return { paths, profile: 'default', store: await open(), open, warnings, file: join(paths.configDir, 'tokens.json') };
}

async function expectUnavailable(promise: Promise<unknown>, pattern: RegExp): Promise<StoreUnavailableError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(StoreUnavailableError);
  expect((error as StoreUnavailableError).exitCode).toBe(7);
  expect((error as Error).message).toMatch(pattern);
  return error as StoreUnavailableError;
}

describe('file store, unencrypted', () => {
  storeContract(async () => fileStore());

  it('writes tokens.json 0600 in a 0700 directory, and warns once, only on a terminal', async () => {
    const quiet = await fileStore();
    await quiet.store.put([{ record: record('user'), secret: token(1) }], { command: 'login' });
    expect(quiet.warnings).toEqual([]);
    const loud = await fileStore({}, { interactive: true });
    await loud.store.put([{ record: record('user'), secret: token(1) }], { command: 'login' });
    await loud.store.put([{ record: record('page:1'), secret: token(2) }], { command: 'login' });
    expect(loud.warnings).toHaveLength(1);
    expect(loud.warnings[0]).toMatch(/UNENCRYPTED.*FBTOK_STORE_PASSPHRASE/);
    if (!WINDOWS) expect((await stat(loud.file)).mode & 0o777).toBe(0o600);
    if (!WINDOWS) expect((await stat(loud.paths.configDir)).mode & 0o777).toBe(0o700);
  });

  // Windows has no mode bits (NTFS ACLs); the store sets none there and doctor says "not checked".
  it.skipIf(WINDOWS)('tightens a config directory that was created 0755', async () => {
    const { store, paths } = await fileStore();
    await mkdir(paths.configDir, { recursive: true });
    await chmod(paths.configDir, 0o755);
    await store.put([{ record: record('user'), secret: token(1) }], { command: 'login' });
    expect((await stat(paths.configDir)).mode & 0o777).toBe(0o700);
  });

  it.each([
    ['garbage', 'not json at all {'],
    ['truncated', '{"format":"fbtok-tokens","version":1,"profiles":{"default":{"schemaVer'],
    ['foreign JSON', '{"hello":"world"}'],
    ['a newer file version', '{"format":"fbtok-tokens","version":2,"profiles":{},"secrets":{}}'],
    ['a newer record schema', '{"format":"fbtok-tokens","version":1,"profiles":{"default":{"schemaVersion":9,"records":[]}},"secrets":{}}'],
  ])('refuses %s and leaves the file byte-identical', async (_label, content) => {
    const { store, file } = await fileStore();
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, content, { mode: 0o600 });
    await expectUnavailable(store.list(), new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
    await expectUnavailable(store.put([{ record: record('user'), secret: token(1) }], { command: 'login' }), /tokens\.json/);
    await expectUnavailable(store.delete('user', { command: 'token delete' }), /tokens\.json/);
    expect(await readFile(file, 'utf8')).toBe(content);
  });

  it('says "written by a newer fbtok" for a newer schema', async () => {
    const { store, file } = await fileStore();
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, '{"format":"fbtok-tokens","version":1,"profiles":{"default":{"schemaVersion":2,"records":[]}},"secrets":{}}');
    await expectUnavailable(store.list(), /written by a newer fbtok/);
  });

  it('migrates an older record schema in memory', async () => {
    const { store, file } = await fileStore();
    await mkdir(join(file, '..'), { recursive: true });
    const old = { format: 'fbtok-tokens', version: 1, profiles: { default: { records: [{ name: 'user', fingerprint: 'abc' }] } }, secrets: { 'default/user': token(0) } };
    await writeFile(file, JSON.stringify(old), { mode: 0o600 });
    expect(await store.get('user')).toMatchObject({ name: 'user', schemaVersion: 1, scopes: [], expiresAt: null });
    expect(await store.getSecret('user')).toBe(token(0));
    expect(await readFile(file, 'utf8')).toBe(JSON.stringify(old));
  });
});

describe('file store, names and batches', () => {
  it('refuses names that would collide with #previous or config: entries', async () => {
    const { store } = await fileStore();
    for (const name of ['user#previous', 'config:app-secret', 'a/b', '']) {
      await expect(store.put([{ record: record(name), secret: token(1) }], { command: 'import' })).rejects.toMatchObject({ exitCode: 2 });
    }
    expect(await store.list()).toEqual([]);
  });

  it('deleting a secret that has no record (left by a crash) really removes it from the file', async () => {
    const { store, open, file } = await fileStore();
    await store.put([{ record: record('user'), secret: token('orphan') }], { command: 'import' });
    const onDisk = JSON.parse(await readFile(file, 'utf8'));
    onDisk.profiles.default.records = [];
    await writeFile(file, JSON.stringify(onDisk));
    const reopened = await open();
    expect(await reopened.delete('user', { command: 'token delete' })).toBe(true);
    expect(await readFile(file, 'utf8')).not.toContain(token('orphan'));
    expect(await (await open()).getSecret('user')).toBeUndefined();
  });

  it('the last of two tokens with one name in a batch wins', async () => {
    const { store } = await fileStore();
    await store.put([{ record: record('user'), secret: token('first') }, { record: record('user'), secret: token('second') }], { command: 'import' });
    expect(await store.getSecret('user')).toBe(token('second'));
    expect(await store.getPreviousSecret('user')).toBeUndefined();
  });
});

describe('file store, encrypted with FBTOK_STORE_PASSPHRASE', () => {
  storeContract(async () => fileStore({ FBTOK_STORE_PASSPHRASE: 'correct horse' }));

  it('holds only ciphertext, and the right passphrase reads it back in another store', async () => {
    const { store, file, open, warnings } = await fileStore({ FBTOK_STORE_PASSPHRASE: 'correct horse' }, { interactive: true });
    await store.put([{ record: record('user', { subjectName: 'Alice CANARYNAME' }), secret: token('enc') }], { command: 'login' });
    const text = await readFile(file, 'utf8');
    expect(text).not.toMatch(/CANARY|EAAB|default\/user/);
    expect(JSON.parse(text)).toMatchObject({ format: 'fbtok-encrypted-store', version: 1, cipher: 'aes-256-gcm', kdf: { name: 'scrypt' } });
    expect(warnings).toEqual([]);
    const again = await open();
    expect(await again.getSecret('user')).toBe(token('enc'));
  });

  it('refuses a wrong or missing passphrase and leaves the file byte-identical', async () => {
    const { store, paths, file } = await fileStore({ FBTOK_STORE_PASSPHRASE: 'correct horse' });
    await store.put([{ record: record('user'), secret: token('enc') }], { command: 'login' });
    const before = await readFile(file);
    const open = (env: Record<string, string>) =>
      createTokenStore({ kind: 'file', profile: 'default', paths, env, clock, interactive: false, warn: () => {} });
    const wrong = await open({ FBTOK_STORE_PASSPHRASE: 'wrong horse' });
    await expectUnavailable(wrong.list(), /cannot be decrypted: wrong FBTOK_STORE_PASSPHRASE/);
    await expectUnavailable(wrong.put([{ record: record('user'), secret: token('x') }], { command: 'login' }), /cannot be decrypted/);
    const none = await open({});
    await expectUnavailable(none.getSecret('user'), /encrypted and FBTOK_STORE_PASSPHRASE is not set/);
    await expectUnavailable(none.put([{ record: record('user'), secret: token('x') }], { command: 'login' }), /encrypted/);
    expect((await readFile(file)).equals(before)).toBe(true);
  });

  it('refuses a tampered envelope', async () => {
    const { store, file } = await fileStore({ FBTOK_STORE_PASSPHRASE: 'p' });
    await store.put([{ record: record('user'), secret: token('enc') }], { command: 'login' });
    const envelope = JSON.parse(await readFile(file, 'utf8'));
    envelope.kdf.N = 2 ** 14;
    await writeFile(file, JSON.stringify(envelope));
    await expectUnavailable(store.list(), /cannot be decrypted/);
    envelope.version = 2;
    await writeFile(file, JSON.stringify(envelope));
    await expectUnavailable(store.list(), /newer fbtok/);
  });
});
