// The file backend: every profile's index and every secret in one file, `<configDir>/tokens.json`,
// written atomically (one write = consistent), encrypted when FBTOK_STORE_PASSPHRASE is set.
// A file that cannot be read is never overwritten: the user keeps it to recover.
import { chmod } from 'node:fs/promises';
import { readRegularFile } from '../util/read-text-file.js';
import { dirname, join } from 'node:path';
import { StoreUnavailableError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { decrypt, deriveKey, encrypt, ENVELOPE_VERSION, isEnvelope, newKey, type DerivedKey } from './file-crypto.js';
import { emptyIndex, jsonProblem, parseIndex, serializeIndex, type StoreIndex } from './record-index.js';
import type { StoreBackend } from './store-backend.js';

export const FILE_FORMAT = 'fbtok-tokens';
export const FILE_VERSION = 1;

interface FileState {
  format: typeof FILE_FORMAT;
  version: number;
  profiles: Record<string, StoreIndex>;
  /** Keyed by account, as in the keychain: `<profile>/<name>`, `...#previous`, `<profile>/config:app-secret`. */
  secrets: Record<string, string>;
}

export interface FileBackendOptions {
  configDir: string;
  profile: string;
  passphrase?: string;
  interactive: boolean;
  warn: (line: string) => void;
  platform?: NodeJS.Platform;
}

export function createFileBackend(options: FileBackendOptions): StoreBackend {
  const path = join(options.configDir, 'tokens.json');
  const { profile, passphrase } = options;
  const unreadable = (cause: string, error?: unknown, remedy = 'It was left untouched; fix it or move it aside to start over.') =>
    new StoreUnavailableError(`The token file ${path} ${cause}`, remedy, error);
  let state: FileState | undefined;
  let key: DerivedKey | undefined;
  let warned = false;

  async function decode(text: string): Promise<FileState> {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      // Never V8's message itself: it quotes the start of the file, which may be a secret.
      throw unreadable(`is corrupt (${jsonProblem(error)}).`);
    }
    if (isEnvelope(value)) {
      if (value.version > ENVELOPE_VERSION) throw unreadable(`was written by a newer fbtok (envelope version ${value.version}).`);
      if (!passphrase) {
        throw unreadable('is encrypted and FBTOK_STORE_PASSPHRASE is not set.', undefined, 'Set FBTOK_STORE_PASSPHRASE to the passphrase it was written with (the file was left untouched).');
      }
      try {
        const { N, r, p, salt } = value.kdf;
        if (!key || key.salt.toString('base64') !== salt) key = await deriveKey(passphrase, Buffer.from(salt, 'base64'), { N, r, p });
        value = JSON.parse(decrypt(value, key));
      } catch (error) {
        throw unreadable(
          'cannot be decrypted: wrong FBTOK_STORE_PASSPHRASE, or the file was damaged.',
          error,
          'Check FBTOK_STORE_PASSPHRASE (the passphrase it was written with); the file was left untouched.',
        );
      }
    }
    const file = value as Partial<FileState> | null;
    if (!file || file.format !== FILE_FORMAT || typeof file.profiles !== 'object' || typeof file.secrets !== 'object') {
      throw unreadable('is not an fbtok token file.');
    }
    if (typeof file.version !== 'number' || file.version > FILE_VERSION) {
      throw unreadable(`was written by a newer fbtok (file version ${String(file.version)}).`);
    }
    const profiles: Record<string, StoreIndex> = {};
    for (const [name, index] of Object.entries(file.profiles ?? {})) profiles[name] = parseIndex(index, `The token file ${path}`);
    return { format: FILE_FORMAT, version: FILE_VERSION, profiles, secrets: { ...file.secrets } };
  }

  async function load(): Promise<FileState> {
    let file: { text: string; mode: number };
    try {
      file = await readRegularFile(path);
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw unreadable(`cannot be read (${(error as Error).message}).`, error);
      return (state = { format: FILE_FORMAT, version: FILE_VERSION, profiles: {}, secrets: {} });
    }
    const decoded = await decode(file.text);
    refuseIfShared(file.text, file.mode);
    return (state = decoded);
  }

  /**
   * As ssh does with a private key: plain-text tokens that other users can read are refused, not used
   * (and not rewritten, which would keep the mode). Windows has ACLs, not mode bits.
   */
  function refuseIfShared(text: string, mode: number): void {
    if ((options.platform ?? process.platform) === 'win32' || (mode & 0o077) === 0) return;
    if (isEnvelope(JSON.parse(text))) return;
    throw unreadable(
      `is mode ${(mode & 0o777).toString(8).padStart(4, '0')}: other users have access to it, and so to every token.`,
      undefined,
      `Make it private: chmod 600 '${path}' (if someone else may have read it, also \`fbtok revoke --yes\` and \`fbtok login --pages\`).`,
    );
  }

  async function save(next: FileState): Promise<void> {
    const profiles = Object.fromEntries(Object.entries(next.profiles).map(([p, index]) => [p, serializeIndex(index)]));
    const plain = JSON.stringify({ ...next, profiles }, null, passphrase ? 0 : 2);
    let body = plain;
    if (passphrase) {
      key ??= await newKey(passphrase);
      body = JSON.stringify(encrypt(plain, key));
    } else if (options.interactive && !warned) {
      warned = true;
      options.warn(`Tokens are stored UNENCRYPTED in ${path}; set FBTOK_STORE_PASSPHRASE to encrypt them.`);
    }
    await writeFileAtomic(path, `${body}\n`, 0o600);
    await chmod(dirname(path), 0o700);
  }

  const current = async () => state ?? (await load());

  return {
    kind: 'file',
    location: path,
    lockPath: join(options.configDir, 'locks', 'tokens.json'),
    readIndex: async () => {
      // Own keys only: a profile named like an Object.prototype member (valueOf, constructor) is just a name.
      const { profiles } = await load();
      return Object.hasOwn(profiles, profile) ? profiles[profile] : emptyIndex();
    },
    async writeIndex(index) {
      // Called only after readIndex succeeded, inside the lock: `state` is the file as just read.
      const base = await current();
      await save({ ...base, profiles: { ...base.profiles, [profile]: index } });
    },
    vault: {
      kind: 'file',
      location: path,
      concurrency: 8,
      get: async (account) => (await current()).secrets[account],
      // In memory until writeIndex: the secrets and the index reach the disk in the same write.
      set: async (account, secret) => {
        (await current()).secrets[account] = secret;
      },
      delete: async (account) => {
        const s = await current();
        const had = account in s.secrets;
        delete s.secrets[account];
        return had;
      },
      close: async () => {},
    },
  };
}
