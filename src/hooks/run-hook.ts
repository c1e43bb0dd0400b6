// Runs one hook: its own process group, no stdin, output to our stderr line by line (control characters
// and handed-out secrets removed), a hard time bound, and Ctrl-C stops it too.
import { spawn } from 'node:child_process';
import type { Hook } from './find-hooks.js';

export interface HookRunOptions {
  env: Record<string, string | undefined>;
  timeoutMs: number;
  /** Secrets the hook was given: masked if it prints them. */
  secrets: readonly string[];
  /** A finished line of the hook's output (already cleaned). */
  line(text: string): void;
  signal: AbortSignal;
}

export interface HookResult {
  name: string;
  ok: boolean;
  /** 'exit 1', 'killed by SIGTERM', 'timed out after 60s', 'could not start (ENOENT)'. */
  status: string;
  exitCode: number | null;
}

/** After SIGTERM, how long a hook may take to stop before SIGKILL; and how long its pipes may stay open after it exits. */
const GRACE_MS = 2000;

export function runHook(hook: Hook, opts: HookRunOptions): Promise<HookResult> {
  return new Promise((resolve) => {
    const child = spawn(hook.argv[0], hook.argv.slice(1), { env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let timedOut = false;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const stop = () => {
      killGroup(child.pid, 'SIGTERM');
      timers.push(setTimeout(() => killGroup(child.pid, 'SIGKILL'), GRACE_MS));
    };
    timers.push(setTimeout(() => ((timedOut = true), stop()), opts.timeoutMs));
    const onAbort = () => stop();
    opts.signal.addEventListener('abort', onAbort, { once: true });
    const flushers = [child.stdout, child.stderr].map((stream) => lineSplitter(stream, (l) => opts.line(clean(l, opts.secrets))));
    const finish = (result: Omit<HookResult, 'name'>) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      opts.signal.removeEventListener('abort', onAbort);
      resolve({ name: hook.name, ...result });
    };
    child.on('error', (error: NodeJS.ErrnoException) => finish({ ok: false, status: `could not start (${error.code ?? error.message})`, exitCode: null }));
    child.on('exit', (code, signal) => {
      // A grandchild that keeps our pipes open must not hold the run: read what is there, briefly.
      const closeTimer = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        done();
      }, GRACE_MS);
      const done = () => {
        clearTimeout(closeTimer);
        for (const flush of flushers) flush();
        const seconds = `${Math.round(opts.timeoutMs / 100) / 10}s`;
        if (timedOut) finish({ ok: false, status: `timed out after ${seconds}`, exitCode: null });
        else if (signal) finish({ ok: false, status: `killed by ${signal}`, exitCode: null });
        else finish({ ok: code === 0, status: `exit ${code}`, exitCode: code });
      };
      child.once('close', done);
    });
  });
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Gone already.
  }
}

/** Calls `line` for each complete line; the returned function flushes a last unterminated one. */
function lineSplitter(stream: NodeJS.ReadableStream | null, line: (text: string) => void): () => void {
  let held = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    const parts = (held + chunk).split('\n');
    held = parts.pop() ?? '';
    // A hook that never ends a line cannot grow our memory without bound.
    if (held.length > 8192) (line(held), (held = ''));
    for (const part of parts) line(part);
  });
  return () => {
    if (held !== '') line(held);
    held = '';
  };
}

/** No terminal control from a hook's output, and no secret it was handed. */
export function clean(text: string, secrets: readonly string[]): string {
  let out = text.replace(/\r$/, '');
  for (const secret of secrets) if (secret) out = out.split(secret).join('<redacted>');
  return out.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, '?');
}
