import type { Readable, Writable } from 'node:stream';
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
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

/** Builds the context, runs the program, reports errors; returns the exit code. Never calls process.exit. */
export async function main(argv: string[], deps: MainDeps): Promise<number> {
  const noColorFlag = argv.includes('--no-color');
  const io = await createIO({ stdin: deps.stdin, stdout: deps.stdout, stderr: deps.stderr, env: deps.env, noColor: noColorFlag });
  const verbose = argv.includes('--verbose');
  const json = argv.includes('--json');
  let ctx: Context | undefined;
  let exitCode: number = ExitCode.ok;
  const programDeps = {
    version: VERSION,
    io,
    env: deps.env,
    context(globals: GlobalOptions) {
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
    setExitCode(code: number) {
      exitCode = code;
    },
  };
  try {
    const program = await buildProgram(programDeps, argv);
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError && (error.exitCode === 0 || error.code === 'commander.helpDisplayed')) {
      exitCode = 0;
    } else if (error instanceof CommanderError && error.code === 'commander.help') {
      exitCode = 0;
    } else {
      exitCode = reportError(error, io, { verbose, json });
    }
  } finally {
    await ctx?.close().catch(() => {});
  }
  return exitCode;
}

export type { IO };
