// Runs fbtok's real main() in this process (same code as bin/fbtok.cjs, no process start-up), for
// property tests that need hundreds of runs. Output is captured; nothing touches the developer's env.
import { PassThrough } from 'node:stream';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { main, type MainDeps } from '../../src/main.js';

export interface MainResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runMain(argv: string[], env: Record<string, string | undefined>, input = ''): Promise<MainResult> {
  return runEntry(main, argv, env, input);
}

/** Runs an entry with main()'s signature (main, or runDirect when it takes the call) with captured output. */
export async function runEntry(
  entry: (argv: string[], deps: MainDeps) => Promise<number | undefined>,
  argv: string[],
  env: Record<string, string | undefined>,
  input = '',
): Promise<MainResult> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  stdin.end(input);
  const code = await entry(argv, { stdin, stdout, stderr, env: { HOME: env.FBTOK_CONFIG_DIR, LANG: 'C.UTF-8', ...env } });
  if (code === undefined) throw new Error(`the entry declined fbtok ${argv.join(' ')}`);
  return { code, stdout: out, stderr: err };
}

/** Every file under `dir` (locks excluded: they come and go) with its bytes, for before/after comparisons. */
export function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const rel = relative(dir, path);
      if (rel === 'locks' || rel === 'state') continue;
      if (statSync(path).isDirectory()) walk(path);
      else files.set(rel, readFileSync(path).toString('base64'));
    }
  };
  walk(dir);
  return files;
}

/** A V8 stack frame: never printed without --verbose. */
export const STACK_FRAME = /^\s+at .+(\(|:\d+:\d+)/m;
export const DOCUMENTED_EXITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 126, 127, 130];
