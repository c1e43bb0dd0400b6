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

export const KEYCHAIN_TIMEOUT_MS = 3000;
/** A credential helper may be `pass`, whose gpg waits for a person at pinentry: far longer than a keychain call. */
export const HELPER_TIMEOUT_MS = 60_000;

/** The keychain's per-call timeout: the option, else FBTOK_KEYCHAIN_TIMEOUT (ms), else 3 s. */
export function resolveCallTimeout(optionMs: number | undefined, env: Record<string, string | undefined>): number {
  return timeoutFrom(optionMs, env.FBTOK_KEYCHAIN_TIMEOUT, KEYCHAIN_TIMEOUT_MS);
}

/** A credential helper's per-call timeout: the option, else FBTOK_HELPER_TIMEOUT (ms), else 60 s. */
export function resolveHelperTimeout(optionMs: number | undefined, env: Record<string, string | undefined>): number {
  return timeoutFrom(optionMs, env.FBTOK_HELPER_TIMEOUT, HELPER_TIMEOUT_MS);
}

function timeoutFrom(optionMs: number | undefined, variable: string | undefined, fallback: number): number {
  if (optionMs !== undefined && optionMs > 0) return optionMs;
  const fromEnv = Number(variable);
  return variable && Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : fallback;
}

export { formatSeconds } from '../util/duration.js';
