// Sitting out a wait (a rate limit) where people can see it: a countdown that rewrites one stderr line on a
// terminal; elsewhere (a pipe, CI, NO_COLOR, --json) one plain warning line, no progress.
import type { Clock } from './clock.js';

export interface SitOutDeps {
  clock: Clock;
  /** Writes raw text to stderr (no newline added). */
  write(text: string): void;
  /** A warning line (the non-terminal form). */
  warn(line: string): void;
  /** A live countdown is allowed: stderr is a terminal and neither --json, NO_COLOR nor CI is set. */
  live: boolean;
}

/** "4m 05s", "9s": the time left, to the second. */
export function formatCountdown(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return minutes > 0 ? `${minutes}m ${String(seconds).padStart(2, '0')}s` : `${seconds}s`;
}

/** Waits `ms` on the clock; `label` says what for, given the time left. Rejects with the signal's reason. */
export function createSitOut(deps: SitOutDeps) {
  return async (ms: number, label: (left: string) => string, signal?: AbortSignal): Promise<void> => {
    if (!deps.live) {
      deps.warn(label(formatCountdown(ms)));
      await deps.clock.sleep(ms, signal);
      return;
    }
    // Counted in the steps slept, not by reading the clock, so it ends after ms/1000 steps whatever the clock does.
    let left = ms;
    try {
      while (left > 0) {
        deps.write(`\r${label(formatCountdown(left))} (Ctrl-C stops)\x1b[K`);
        const step = Math.min(1000, left);
        await deps.clock.sleep(step, signal);
        left -= step;
      }
    } finally {
      deps.write('\r\x1b[K');
    }
  };
}
