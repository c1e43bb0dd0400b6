// The token store: can it be opened and read, is its lock free, and (file store) is the file private and encrypted.
import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Env } from '../context.js';
import { ExitCode } from '../errors.js';
import { isEnvelope } from '../store/file-crypto.js';
import type { SecretCheck, TokenRecord, TokenStore } from '../store/token-store.js';
import { fail, failFromError, ok, skip, warn, type Finding } from './finding.js';

/** The file system as the checks see it (tests pass their own). */
export interface DoctorFs {
  stat(path: string): Promise<{ mode: number }>;
  readFile(path: string): Promise<string>;
}

export const nodeFs: DoctorFs = { stat: (p) => stat(p), readFile: (p) => readFile(p, 'utf8') };

export interface StoreCheckOptions {
  openStore: () => Promise<TokenStore>;
  env: Env;
  /** For the elapsed time of the reads. */
  now: () => number;
  fs?: DoctorFs;
  platform?: NodeJS.Platform;
}

export interface StoreCheckResult {
  findings: Finding[];
  /** Set when the store could be opened and its index read. */
  store?: TokenStore;
  records?: TokenRecord[];
  /** The vault's secrets, checked against the index (one search). */
  vault?: SecretCheck;
}

export async function checkStore(opts: StoreCheckOptions): Promise<StoreCheckResult> {
  const fs = opts.fs ?? nodeFs;
  const started = opts.now();
  let store: TokenStore;
  let records: TokenRecord[];
  let vault: SecretCheck;
  try {
    store = await opts.openStore();
    // Every indexed secret in one search of the vault: the index can be fine while the keychain or helper
    // behind it is not, or lacks entries the index lists (reported per token by the token check).
    vault = await store.checkSecrets();
    records = vault.records;
    if (records.length === 0) await store.getAppSecret('app-secret');
  } catch (error) {
    return {
      findings: [
        failFromError('store.reachable', 'The token store cannot be read', error),
        skip('store.lock', 'not checked: the store cannot be opened'),
      ],
    };
  }
  const count = `${records.length} token${records.length === 1 ? '' : 's'}`;
  const findings = [
    ok('store.reachable', `${store.kind} store at ${store.location}: ${count} (${opts.now() - started} ms)`),
    await checkLock(store),
  ];
  if (store.kind !== 'file') {
    findings.push(ok('store.encryption', `secrets are kept by the ${store.kind} store, not in a file of fbtok's`));
    return { findings, store, records, vault };
  }
  const encryption = await checkEncryption(store.location, opts.env, fs);
  findings.push(...(await checkPermissions(store.location, encryption.encrypted, fs, opts.platform ?? process.platform)), encryption.finding);
  return { findings, store, records, vault };
}

async function checkLock(store: TokenStore): Promise<Finding> {
  try {
    const holder = await store.lockHolder();
    if (!holder) return ok('store.lock', 'free');
    return warn(
      'store.lock',
      `held by another fbtok (${holder}); commands that change tokens wait for it, then exit 7`,
      'Let it finish (a rotation, a login), or stop it; a lock left by a killed process is taken over after 10 s.',
    );
  } catch (error) {
    return skip('store.lock', `not checked: ${(error as Error).message}`);
  }
}

interface EncryptionState {
  finding: Finding;
  /** The file on disk is an encrypted envelope. */
  encrypted: boolean;
}

async function checkEncryption(path: string, env: Env, fs: DoctorFs): Promise<EncryptionState> {
  const check = 'store.encryption';
  let onDisk: 'encrypted' | 'plain' | 'absent' = 'absent';
  try {
    onDisk = isEnvelope(JSON.parse(await fs.readFile(path))) ? 'encrypted' : 'plain';
  } catch {
    // Absent (nothing stored yet) or unreadable: store.reachable already said what it could.
  }
  const encrypted = onDisk === 'encrypted';
  if (!env.FBTOK_STORE_PASSPHRASE) {
    return {
      encrypted,
      finding: warn(check, `tokens are stored unencrypted in ${path}`, 'Set FBTOK_STORE_PASSPHRASE (from a secrets manager, not a dotfile); the file is encrypted on the next write, e.g. `fbtok page-tokens`.'),
    };
  }
  if (onDisk === 'plain') {
    return { encrypted, finding: warn(check, `FBTOK_STORE_PASSPHRASE is set but ${path} is still plaintext`, 'It is encrypted on the next write: run `fbtok page-tokens` (or any command that stores a token).') };
  }
  return { encrypted, finding: ok(check, onDisk === 'encrypted' ? 'token file encrypted (FBTOK_STORE_PASSPHRASE)' : 'FBTOK_STORE_PASSPHRASE set; the token file will be encrypted') };
}

/** The file must be 0600 and its directory 0700: anyone else who can read the file can read the tokens. */
async function checkPermissions(path: string, encrypted: boolean, fs: DoctorFs, platform: NodeJS.Platform): Promise<Finding[]> {
  const check = 'store.permissions';
  if (platform === 'win32') return [skip(check, 'not checked on Windows (NTFS ACLs, not mode bits)')];
  const dir = dirname(path);
  const [fileMode, dirMode] = await Promise.all([modeOf(fs, path), modeOf(fs, dir)]);
  const out: Finding[] = [];
  if (fileMode !== null && (fileMode & 0o077) !== 0) {
    const message = `${path} is mode ${octal(fileMode)}: other users can read it${encrypted ? ' (encrypted, but still)' : ', and with it every token'}`;
    const remedy = `chmod 600 '${path}'`;
    out.push(encrypted ? warn(check, message, remedy) : fail(check, message, remedy, ExitCode.storeUnavailable));
  }
  if (dirMode !== null && (dirMode & 0o077) !== 0) {
    out.push(warn(check, `${dir} is mode ${octal(dirMode)}: others can list it and see which profiles exist`, `chmod 700 '${dir}'`));
  }
  if (out.length === 0) {
    out.push(ok(check, fileMode === null ? `no token file yet; ${dir} is ${dirMode === null ? 'not created yet' : octal(dirMode)}` : `file ${octal(fileMode)}, directory ${octal(dirMode ?? 0o700)}`));
  }
  return out;
}

async function modeOf(fs: DoctorFs, path: string): Promise<number | null> {
  try {
    return (await fs.stat(path)).mode & 0o777;
  } catch {
    return null;
  }
}

function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}
