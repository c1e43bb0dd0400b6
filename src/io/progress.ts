// A spinner with a line of text on stderr while long work runs (checking tokens, fetching Pages, scanning),
// only where a person watches: stderr a terminal, colour allowed (no NO_COLOR, no CI) and no --json.
// yocto-spinner draws it (README design notes); it is loaded only when a spinner is really shown.
import type { Context } from '../context.js';

export interface Progress {
  update(text: string): void;
  stop(): void;
}

const NONE: Progress = { update: () => {}, stop: () => {} };

export function progressShown(ctx: Pick<Context, 'io' | 'globals'>): boolean {
  return ctx.io.stderrIsTTY && ctx.io.color && ctx.globals.color && !ctx.globals.json;
}

// One line per terminal: a progress started while another runs (a retry inside a check) borrows its line
// and gives the old text back when it stops, instead of two spinners overwriting each other.
const running = new WeakMap<object, { text(): string; update(text: string): void }>();

/** Starts at once; the spinner library loads in the background and picks up the latest text. */
export function startProgress(ctx: Pick<Context, 'io' | 'globals'>, text: string): Progress {
  if (!progressShown(ctx)) return NONE;
  const outer = running.get(ctx.io);
  if (outer) {
    const before = outer.text();
    outer.update(text);
    return { update: (next) => outer.update(next), stop: () => outer.update(before) };
  }
  let latest = text;
  let stopped = false;
  let spinner: { text: string; stop(): unknown } | undefined;
  void import('yocto-spinner').then(({ default: yoctoSpinner }) => {
    if (stopped) return;
    // handleSignals false: Ctrl-C is fbtok's to handle (exit 130 through its AbortSignal), not the spinner's.
    spinner = yoctoSpinner({ text: latest, stream: ctx.io.stderr as NodeJS.WriteStream, handleSignals: false }).start();
  }, () => {});
  const handle = {
    text: () => latest,
    update(next: string) {
      latest = next;
      if (spinner) spinner.text = next;
    },
  };
  running.set(ctx.io, handle);
  return {
    update: handle.update,
    stop() {
      stopped = true;
      if (running.get(ctx.io) === handle) running.delete(ctx.io);
      spinner?.stop();
    },
  };
}
