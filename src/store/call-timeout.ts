import type { Clock } from '../io/clock.js';

/**
 * Runs `fn` with an AbortSignal that fires after `ms`, and also stops waiting at that moment:
 * a native call that ignores its signal (a Secret Service that never answers) must not hang the CLI.
 */
export async function withTimeout<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  ms: number,
  clock: Clock,
  onTimeout: () => Error,
): Promise<T> {
  const call = new AbortController();
  const timer = new AbortController();
  const work = Promise.resolve().then(() => fn(call.signal));
  // A late rejection after the timeout has already been reported is expected, not unhandled.
  work.catch(() => {});
  const timeout = clock.sleep(ms, timer.signal).then(
    () => {
      const error = onTimeout();
      call.abort(error);
      throw error;
    },
    () => new Promise<never>(() => {}),
  );
  try {
    return await Promise.race([work, timeout]);
  } finally {
    timer.abort();
  }
}

/** The per-call timeout: the option, else FBTOK_KEYCHAIN_TIMEOUT (ms), else 3 s. */
export function resolveCallTimeout(optionMs: number | undefined, env: Record<string, string | undefined>): number {
  if (optionMs !== undefined && optionMs > 0) return optionMs;
  const fromEnv = Number(env.FBTOK_KEYCHAIN_TIMEOUT);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 3000;
}

export { formatSeconds } from '../util/duration.js';
