import { describe, expect, it } from 'vitest';
import { checkStore, type DoctorFs } from '../../src/doctor/store-check.js';
import { StoreUnavailableError } from '../../src/errors.js';
import { memoryStore, record } from './fakes.js';

const PATH = '/cfg/fbtok/tokens.json';
const now = () => 0;

function fakeFs(files: Record<string, { mode: number; text?: string }>): DoctorFs {
  const missing = () => Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  return {
    stat: async (p) => {
      if (!files[p]) throw missing();
      return { mode: files[p].mode };
    },
    readFile: async (p) => {
      if (files[p]?.text === undefined) throw missing();
      return files[p].text!;
    },
  };
}

const plainFile = JSON.stringify({ format: 'fbtok-tokens', version: 1, profiles: {}, secrets: {} });
const encryptedFile = JSON.stringify({ format: 'fbtok-encrypted-store', version: 1 });

describe('checkStore', () => {
  it('a private, encrypted file store with a free lock is ok', async () => {
    const store = memoryStore([record('user')], { user: 'EAAsecret' }, 'file', PATH);
    const fs = fakeFs({ [PATH]: { mode: 0o100600, text: encryptedFile }, '/cfg/fbtok': { mode: 0o40700 } });
    const result = await checkStore({ openStore: async () => store, env: { FBTOK_STORE_PASSPHRASE: 'pw' }, now, fs, platform: 'linux' });
    expect(result.records).toHaveLength(1);
    expect(result.findings.map((f) => [f.check, f.status])).toEqual([
      ['store.reachable', 'ok'], ['store.lock', 'ok'], ['store.permissions', 'ok'], ['store.encryption', 'ok'],
    ]);
    expect(result.findings[0].message).toBe(`file store at ${PATH}: 1 token (0 ms)`);
    expect(result.findings[2].message).toBe('file 0600, directory 0700');
  });

  it('a lock held by another fbtok is a warning naming its pid', async () => {
    const store = memoryStore([], {}, 'file', PATH, 'pid 4242');
    const fs = fakeFs({ [PATH]: { mode: 0o100600, text: encryptedFile }, '/cfg/fbtok': { mode: 0o40700 } });
    const result = await checkStore({ openStore: async () => store, env: { FBTOK_STORE_PASSPHRASE: 'pw' }, now, fs, platform: 'linux' });
    const lock = result.findings.find((f) => f.check === 'store.lock')!;
    expect(lock).toMatchObject({ status: 'warn', exitCode: 0 });
    expect(lock.message).toContain('pid 4242');
  });

  it('a plaintext file others can read fails (exit 7); encrypted, it is a warning; an open directory warns', async () => {
    const store = memoryStore([], {}, 'file', PATH);
    const run = (text: string, env: Record<string, string>, mode = 0o100644) =>
      checkStore({ openStore: async () => store, env, now, fs: fakeFs({ [PATH]: { mode, text }, '/cfg/fbtok': { mode: 0o40755 } }), platform: 'linux' });
    const plain = (await run(plainFile, {})).findings.filter((f) => f.check === 'store.permissions');
    expect(plain).toEqual([
      expect.objectContaining({ status: 'fail', exitCode: 7, message: expect.stringContaining('mode 0644'), remedy: `chmod 600 '${PATH}'` }),
      expect.objectContaining({ status: 'warn', remedy: "chmod 700 '/cfg/fbtok'" }),
    ]);
    const groupOnly = (await run(plainFile, {}, 0o100640)).findings.find((f) => f.check === 'store.permissions');
    expect(groupOnly).toMatchObject({ status: 'fail', message: expect.stringContaining('mode 0640') });
    const encrypted = (await run(encryptedFile, { FBTOK_STORE_PASSPHRASE: 'pw' })).findings.filter((f) => f.check === 'store.permissions');
    expect(encrypted.map((f) => f.status)).toEqual(['warn', 'warn']);
  });

  it('no passphrase is a warning; a passphrase over a still-plaintext file too', async () => {
    const store = memoryStore([], {}, 'file', PATH);
    const fs = fakeFs({ [PATH]: { mode: 0o600, text: plainFile } });
    const none = await checkStore({ openStore: async () => store, env: {}, now, fs, platform: 'linux' });
    expect(none.findings.find((f) => f.check === 'store.encryption')).toMatchObject({ status: 'warn', message: `tokens are stored unencrypted in ${PATH}` });
    const late = await checkStore({ openStore: async () => store, env: { FBTOK_STORE_PASSPHRASE: 'pw' }, now, fs, platform: 'linux' });
    expect(late.findings.find((f) => f.check === 'store.encryption')).toMatchObject({ status: 'warn', message: expect.stringContaining('still plaintext') });
  });

  it('an unreachable store fails with its own remedy (exit 7) and returns no records', async () => {
    const result = await checkStore({
      openStore: async () => {
        throw new StoreUnavailableError('The Secret Service did not answer within 3 s.', 'Unlock the keyring, or use --store file.');
      },
      env: {},
      now,
      fs: fakeFs({}),
    });
    expect(result.store).toBeUndefined();
    expect(result.findings[0]).toMatchObject({ check: 'store.reachable', status: 'fail', exitCode: 7, message: expect.stringContaining('did not answer'), remedy: 'Unlock the keyring, or use --store file.' });
  });

  it('a vault that fails behind a readable index is caught by the one search of its secrets', async () => {
    const store = { ...memoryStore([record('user')], {}, 'keychain', 'fbtok (Secret Service)'), checkSecrets: async () => {
      throw new StoreUnavailableError('The keychain is locked.');
    } };
    const result = await checkStore({ openStore: async () => store, env: {}, now, fs: fakeFs({}) });
    expect(result.findings[0]).toMatchObject({ status: 'fail', exitCode: 7, message: expect.stringContaining('locked') });
  });

  it('keychain stores skip the file checks', async () => {
    const store = memoryStore([], {}, 'keychain', 'fbtok (Secret Service)');
    const result = await checkStore({ openStore: async () => store, env: {}, now, fs: fakeFs({}) });
    expect(result.findings.map((f) => f.check)).toEqual(['store.reachable', 'store.lock', 'store.encryption']);
    expect(result.findings[2].status).toBe('ok');
  });
});
