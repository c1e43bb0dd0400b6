// Runs test/fixtures/store-worker.mjs (the compiled store) in its own process.
import { afterAll, beforeAll } from 'vitest';
import { startSecretService, type SecretServiceHandle } from './secret-service.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../../', import.meta.url));
const worker = join(root, 'test/fixtures/store-worker.mjs');

/** The worker runs dist/: refuse to test a build older than the sources (run `npm run build`). */
export function requireFreshBuild(): void {
  const srcDir = join(root, 'src/store');
  for (const file of readdirSync(srcDir).filter((f) => f.endsWith('.ts'))) {
    const built = join(root, 'dist/store', file.replace(/\.ts$/, '.js'));
    let builtAt: number;
    try {
      builtAt = statSync(built).mtimeMs;
    } catch {
      throw new Error(`${built} is missing: run \`npm run build\` before these tests`);
    }
    if (statSync(join(srcDir, file)).mtimeMs > builtAt) throw new Error(`${built} is older than its source: run \`npm run build\``);
  }
}

export interface WorkerJob {
  kind: string;
  configDir: string;
  stateDir?: string;
  profile?: string;
  callTimeoutMs?: number;
  lockWaitMs?: number;
  lockStaleMs?: number;
  ops: Array<Record<string, unknown>>;
}

export interface WorkerRun {
  child: ChildProcess;
  events: Array<Record<string, unknown>>;
  /** Resolves with the first event `match` accepts (rejects if the process ends first). */
  waitFor(match: (event: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** Exit code and wall time from spawn to exit. */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number; stderr: string }>;
}

export function startWorker(job: WorkerJob, env: Record<string, string | undefined> = process.env): WorkerRun {
  const started = performance.now();
  const child = spawn(process.execPath, [worker, JSON.stringify(job)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: Array<Record<string, unknown>> = [];
  const listeners = new Set<() => void>();
  let buffered = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) if (line.trim()) events.push(JSON.parse(line));
    for (const listener of listeners) listener();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number; stderr: string }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, ms: performance.now() - started, stderr })),
  );
  const waitFor: WorkerRun['waitFor'] = (match) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = events.find(match);
        if (found) {
          listeners.delete(check);
          resolve(found);
        }
      };
      listeners.add(check);
      check();
      void exit.then(({ code, signal }) => {
        check();
        if (listeners.delete(check)) reject(new Error(`worker ended (${code ?? signal}) without the event; events: ${JSON.stringify(events)}; stderr: ${stderr}`));
      });
    });
  return { child, events, waitFor, exit };
}

/** Runs a job to completion. */
export async function runWorker(job: WorkerJob, env?: Record<string, string | undefined>) {
  const run = startWorker(job, env);
  const result = await run.exit;
  return { ...result, events: run.events };
}

/**
 * For test files whose children run the compiled store against a real Secret Service: checks the build
 * is fresh and starts the service before the file's tests, stops it after. Returns the running service.
 */
export function useWorkerSecretService(): () => SecretServiceHandle {
  let service: SecretServiceHandle | undefined;
  beforeAll(async () => {
    requireFreshBuild();
    service = await startSecretService();
  });
  afterAll(async () => {
    await service?.stop();
  });
  return () => service!;
}
