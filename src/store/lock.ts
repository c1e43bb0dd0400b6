// The per-profile inter-process lock: proper-lockfile's mkdir lock, kept fresh by mtime updates, so the
// lock of a killed process goes stale and is taken over; the holder's pid sits beside it for the message.
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StoreUnavailableError } from '../errors.js';
import type { Clock } from '../io/clock.js';

export interface ProfileLockOptions {
  /** The lock is the directory `<lockPath>.lock`; the holder's pid goes to `<lockPath>.pid`. */
  lockPath: string;
  clock: Clock;
  /** How long to wait for another process (default 30 s). */
  waitMs?: number;
  /** A lock not refreshed for this long belongs to a dead process (default 10 s, at least 2 s). */
  staleMs?: number;
  /** Pause between attempts (default 100 ms). */
  retryMs?: number;
}

export type ReleaseLock = () => Promise<void>;

export interface ProfileLock {
  acquire(): Promise<ReleaseLock>;
  /** Starts loading the lock library now, so a later acquire does not wait for it (~15 ms with graceful-fs). */
  preload(): void;
  /** Who holds the lock now ('pid 123'), or null when it is free or stale; never waits. */
  holder(): Promise<string | null>;
}

type LockFn = typeof import('proper-lockfile').lock;
type CheckFn = typeof import('proper-lockfile').check;

async function loadLock(): Promise<LockFn> {
  // Lazy: proper-lockfile installs exit handlers when loaded; only commands that write pay for it.
  const mod = (await import('proper-lockfile')) as unknown as { lock?: LockFn; default?: { lock: LockFn } };
  return mod.lock ?? mod.default!.lock;
}

async function loadCheck(): Promise<CheckFn> {
  const mod = (await import('proper-lockfile')) as unknown as { check?: CheckFn; default?: { check: CheckFn } };
  return mod.check ?? mod.default!.check;
}

async function readHolder(pidPath: string): Promise<string> {
  const text = await readFile(pidPath, 'utf8').catch(() => '');
  const pid = text.trim().split('\n')[0];
  return /^\d+$/.test(pid ?? '') ? `pid ${pid}` : 'pid unknown';
}

export function createProfileLock(options: ProfileLockOptions): ProfileLock {
  const { lockPath, clock } = options;
  const waitMs = options.waitMs ?? 30_000;
  const staleMs = Math.max(options.staleMs ?? 10_000, 2000);
  const retryMs = options.retryMs ?? 100;
  const pidPath = `${lockPath}.pid`;

  return {
    preload() {
      loadLock().catch(() => {}); // a failure shows at acquire, where it can be reported
    },
    async holder() {
      const check = await loadCheck();
      const held = await check(lockPath, { realpath: false, lockfilePath: `${lockPath}.lock`, stale: staleMs });
      return held ? readHolder(pidPath) : null;
    },
    async acquire() {
      const lock = await loadLock();
      await mkdir(dirname(lockPath), { recursive: true, mode: 0o700 });
      const deadline = clock.now() + waitMs;
      for (;;) {
        let release: (() => Promise<void>) | undefined;
        try {
          release = await lock(lockPath, {
            realpath: false,
            lockfilePath: `${lockPath}.lock`,
            stale: staleMs,
            retries: 0,
            // Another process judged us stale (we were frozen longer than staleMs): nothing to undo here.
            onCompromised: () => {},
          });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') {
            throw new StoreUnavailableError(`Cannot lock ${lockPath}: ${(error as Error).message}`, undefined, error);
          }
        }
        if (release) {
          const done = release;
          await writeFile(pidPath, `${process.pid}\n`, { mode: 0o600 }).catch(() => {});
          return async () => {
            await unlink(pidPath).catch(() => {});
            await done().catch(() => {});
          };
        }
        if (clock.now() >= deadline) {
          throw new StoreUnavailableError(
            `The store is locked by another fbtok (${await readHolder(pidPath)}); waited ${Math.round(waitMs / 1000)}s.`,
            `Wait for it to finish or stop it; a lock left by a killed process is taken over after ${Math.round(staleMs / 1000)}s.`,
          );
        }
        await clock.sleep(retryMs + Math.floor(Math.random() * retryMs));
      }
    },
  };
}
