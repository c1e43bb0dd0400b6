// One run of fbtok, with or without the command-line parser: the IO, a context built on first use,
// error reporting and clean-up. main.ts runs commander inside it; direct.ts runs one command without.
import type { Readable, Writable } from 'node:stream';
import { createContext } from './create-context.js';
import { createIO, type IO } from './io/io.js';
import { systemClock, type Clock } from './io/clock.js';
import type { Context, GlobalOptions } from './context.js';
import type { OpenUrl } from './io/open-url.js';
import { reportError } from './report-error.js';
import { ExitCode } from './errors.js';
import { VERSION } from './version.js';

export interface MainDeps {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  clock?: Clock;
  openUrl?: OpenUrl;
  signal?: AbortSignal;
}

export interface Session {
  io: IO;
  /** The context, built on the first call from the run's global options. */
  context(globals: GlobalOptions): Context;
  setExitCode(code: number): void;
}

/** Runs body in a session; reports what it throws; returns the exit code. Never calls process.exit. */
export async function runSession(argv: readonly string[], deps: MainDeps, body: (session: Session) => Promise<void>): Promise<number> {
  const io = await createIO({
    get stdin() {
      return deps.stdin; // on first use only (io.ts)
    },
    stdout: deps.stdout,
    stderr: deps.stderr,
    env: deps.env,
    noColor: argv.includes('--no-color'),
  });
  let ctx: Context | undefined;
  let exitCode: number = ExitCode.ok;
  const session: Session = {
    io,
    context(globals) {
      ctx ??= createContext({
        version: VERSION,
        env: deps.env,
        io,
        clock: deps.clock ?? systemClock,
        globals,
        signal: deps.signal,
        openUrl: deps.openUrl,
      });
      return ctx;
    },
    setExitCode(code) {
      exitCode = code;
    },
  };
  try {
    await body(session);
  } catch (error) {
    exitCode = reportError(error, io, { verbose: argv.includes('--verbose'), json: argv.includes('--json') });
  } finally {
    await ctx?.close().catch(() => {});
  }
  return exitCode;
}
