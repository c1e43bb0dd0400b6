// The CLI as a live process: read its stderr while it runs (the login URL), write to its stdin, signal it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { CLI, type CliResult } from './run-cli.js';

export interface StreamingCli {
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match in stderr so far or to come; rejects if the CLI exits or `timeoutMs` passes first. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves when the CLI exits (it is killed after `timeoutMs` of startCli). */
  readonly exited: Promise<CliResult>;
}

export function startCli(args: string[], options: { env?: Record<string, string | undefined>; timeoutMs?: number } = {}): StreamingCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d) => {
    stderr += d;
    for (const check of waiters) check();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      for (const check of waiters) check();
      resolve({ code, signal, stdout, stderr });
    });
  });
  let closed = false;
  void exited.then(() => (closed = true), () => (closed = true));

  function waitForStderr(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const limit = setTimeout(() => done(() => reject(new Error(`no ${pattern} on stderr within ${timeoutMs} ms:\n${stderr}`))), timeoutMs);
      const done = (fn: () => void) => (clearTimeout(limit), waiters.delete(check), fn());
      const check = () => {
        const match = stderr.match(pattern);
        if (match) done(() => resolve(match));
        else if (closed || child.exitCode !== null) done(() => reject(new Error(`the CLI exited before ${pattern} appeared:\n${stderr}`)));
      };
      waiters.add(check);
      check();
    });
  }

  return { child, stdout: () => stdout, stderr: () => stderr, waitForStderr, exited };
}
