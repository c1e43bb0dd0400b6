// A private, unlocked Secret Service for tests: its own dbus-daemon and gnome-keyring-daemon in a temp dir.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requireBinary, waitUntil } from './binaries.js';

const run = promisify(execFile);

export interface SecretServiceHandle {
  /** HOME, XDG_* and DBUS_SESSION_BUS_ADDRESS (plus PATH) for child processes. */
  env: Record<string, string>;
  dir: string;
  /** SIGSTOP the keyring daemon: the name keeps its owner, which never answers. */
  freezeKeyring(): void;
  /** SIGSTOP the bus daemon itself: connecting works, nothing ever answers. */
  freezeBus(): void;
  thaw(): void;
  /** kill -9 the keyring daemon: the Secret Service goes away mid-call (the bus may activate another). */
  killKeyring(): void;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

async function readAddress(bus: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('dbus-daemon printed no address within 5s')), 5000);
    bus.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(out.split('\n')[0].trim());
      }
    });
    bus.once('exit', (code) => reject(new Error(`dbus-daemon exited with ${code}`)));
  });
}

export async function startSecretService(): Promise<SecretServiceHandle> {
  requireBinary('dbus-daemon', 'dbus');
  requireBinary('dbus-send', 'dbus');
  requireBinary('gnome-keyring-daemon', 'gnome-keyring');
  requireBinary('secret-tool', 'libsecret-tools');
  const dir = await mkdtemp(join(tmpdir(), 'fbtok-secret-service-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_RUNTIME_DIR: join(dir, 'run'),
  };
  await mkdir(env.XDG_RUNTIME_DIR, { mode: 0o700 });
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of children) {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
      await exited(child);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    // stderr ignored: an unprivileged dbus-daemon complains it cannot raise its fd limit.
    const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(bus);
    env.DBUS_SESSION_BUS_ADDRESS = await readAddress(bus);
    const keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
      env,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    children.unshift(keyring);
    keyring.stdin!.end('fbtok-test-password');
    await waitUntil('org.freedesktop.secrets', async () => {
      const { stdout } = await run(
        'dbus-send',
        ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'],
        { env },
      );
      return stdout.includes('boolean true');
    });
    // The login collection exists and is unlocked once a store/lookup round trip works.
    await waitUntil('an unlocked login collection', async () => {
      const store = spawn('secret-tool', ['store', '--label=ready', 'fbtok-test', 'ready'], { env, stdio: ['pipe', 'ignore', 'ignore'] });
      store.stdin!.end('ready');
      await exited(store);
      const { stdout } = await run('secret-tool', ['lookup', 'fbtok-test', 'ready'], { env }).catch(() => ({ stdout: '' }));
      return stdout === 'ready';
    });
    return {
      env,
      dir,
      freezeKeyring: () => keyring.kill('SIGSTOP'),
      freezeBus: () => bus.kill('SIGSTOP'),
      killKeyring: () => keyring.kill('SIGKILL'),
      thaw: () => {
        keyring.kill('SIGCONT');
        bus.kill('SIGCONT');
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Locks the login collection, as a screen lock or `Lock` from another client would. */
export async function lockCollection(env: Record<string, string>): Promise<void> {
  await run(
    'dbus-send',
    [
      '--session',
      '--print-reply',
      '--dest=org.freedesktop.secrets',
      '/org/freedesktop/secrets',
      'org.freedesktop.Secret.Service.Lock',
      'array:objpath:/org/freedesktop/secrets/collection/login',
    ],
    { env },
  );
}

/** What `secret-tool search --all service fbtok` shows: the attributes (account) of each fbtok entry. */
export async function searchKeychain(env: Record<string, string>): Promise<string> {
  const { stdout, stderr } = await run('secret-tool', ['search', '--all', 'service', 'fbtok'], { env });
  return stdout + stderr;
}
