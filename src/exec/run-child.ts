// Starts the child of `fbtok exec`, forwards signals to it and turns how it ended into an exit code.
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { ExitCode, FbtokError } from '../errors.js';
import { createMaskStream } from './mask-stream.js';
import { onProcessSignals, type OnSignals } from './process-signals.js';

/** What a shell answers when the program cannot be found / run (POSIX). */
export const EXIT_COMMAND_NOT_FOUND = ExitCode.commandNotFound;
export const EXIT_COMMAND_NOT_EXECUTABLE = ExitCode.commandNotExecutable;

export interface RunChildOptions {
  command: string;
  args: string[];
  env: Record<string, string | undefined>;
  /** With secrets, stdout and stderr are piped through a masker into these streams; else inherited. */
  mask?: { secrets: string[]; stdout: Writable; stderr: Writable };
  cwd?: string;
  onSignals?: OnSignals;
  /** Windows has no signals to pass on (see below); injected so tests cover both. */
  platform?: NodeJS.Platform;
}

/** Runs the program to its end; resolves with its exit code, or 128 + the signal number that killed it. */
export async function runChild(opts: RunChildOptions): Promise<number> {
  const child = spawn(opts.command, opts.args, {
    env: opts.env,
    cwd: opts.cwd,
    stdio: opts.mask ? ['inherit', 'pipe', 'pipe'] : 'inherit',
  });
  // On Windows, Ctrl-C reaches every process on the console, the child included, and child.kill() of any
  // signal is TerminateProcess: forwarding would kill the child before it could handle its own Ctrl-C.
  const forward = (opts.platform ?? process.platform) !== 'win32';
  const unsubscribe = (opts.onSignals ?? onProcessSignals)((signal) => {
    if (forward && child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
  try {
    const piped = opts.mask ? pipeMasked(child, opts.mask) : Promise.resolve();
    const code = await exitOf(child, opts.command);
    await piped;
    return code;
  } finally {
    unsubscribe();
  }
}

function exitOf(child: ChildProcess, command: string): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => reject(spawnError(error, command)));
    child.once('close', (code, signal) => {
      if (code !== null) resolve(code);
      else resolve(128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}

function pipeMasked(child: ChildProcess, mask: NonNullable<RunChildOptions['mask']>): Promise<unknown> {
  const pipes = [
    [child.stdout, mask.stdout],
    [child.stderr, mask.stderr],
  ] as const;
  return Promise.all(
    pipes.map(async ([from, to]) => {
      if (!from) return;
      const masker = createMaskStream(mask.secrets);
      // end: false, fbtok's own stdout/stderr stay open for the error report and exit.
      from.pipe(masker).pipe(to, { end: false });
      await finished(masker).catch(() => {});
    }),
  );
}

function spawnError(error: NodeJS.ErrnoException, command: string): FbtokError {
  const name = command.length > 80 ? `${command.slice(0, 80)}...` : command;
  if (error.code === 'ENOENT') {
    return new FbtokError(`Command not found: ${name}`, {
      code: 'COMMAND_NOT_FOUND',
      exitCode: EXIT_COMMAND_NOT_FOUND,
      remedy: 'Check the program name after `--`, and that it is on PATH.',
    });
  }
  if (error.code === 'EACCES') {
    return new FbtokError(`Command not executable: ${name}`, {
      code: 'COMMAND_NOT_EXECUTABLE',
      exitCode: EXIT_COMMAND_NOT_EXECUTABLE,
      remedy: 'Make it executable (chmod +x), or run it through its interpreter.',
    });
  }
  return new FbtokError(`Could not start ${name}: ${error.message}`, { code: 'COMMAND_FAILED', exitCode: 1, cause: error });
}
