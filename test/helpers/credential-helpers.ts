// Real Docker credential helpers for tests: `pass` with a throw-away GnuPG key, and `secretservice`
// over a private Secret Service (see secret-service.ts).
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requireBinary } from './binaries.js';

const run = promisify(execFile);

export interface PassHandle {
  /** GNUPGHOME, PASSWORD_STORE_DIR, HOME, PATH for the helper's processes. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export function requireCredentialHelper(name: 'pass' | 'secretservice'): void {
  requireBinary(`docker-credential-${name}`, 'golang-docker-credential-helpers');
}

export async function setupPass(): Promise<PassHandle> {
  requireCredentialHelper('pass');
  requireBinary('pass', 'pass');
  requireBinary('gpg', 'gnupg');
  requireBinary('gpgconf', 'gnupg');
  const dir = await mkdtemp(join(tmpdir(), 'fbtok-pass-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    GNUPGHOME: join(dir, 'gnupg'),
    PASSWORD_STORE_DIR: join(dir, 'password-store'),
  };
  await mkdir(env.GNUPGHOME, { mode: 0o700 });
  const stop = async () => {
    await run('gpgconf', ['--kill', 'gpg-agent'], { env }).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await run(
      'gpg',
      ['--batch', '--pinentry-mode', 'loopback', '--passphrase', '', '--quick-gen-key', 'fbtok test <test@fbtok.invalid>', 'default', 'default', 'never'],
      { env },
    );
    const { stdout } = await run('gpg', ['--batch', '--list-keys', '--with-colons'], { env });
    const fpr = /^fpr:+([0-9A-F]+):/m.exec(stdout)?.[1];
    if (!fpr) throw new Error(`gpg made no key: ${stdout}`);
    await run('pass', ['init', fpr], { env });
    return { env, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
