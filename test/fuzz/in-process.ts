// Runs fbtok's real main() in this process (same code as bin/fbtok.cjs, no process start-up), for
// property tests that need hundreds of runs. Output is captured; nothing touches the developer's env.
import { PassThrough } from 'node:stream';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
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

/**
 * Every file under `dir` (locks excluded: they come and go) with its bytes, for before/after comparisons.
 * With FBTOK_CONFIG_DIR=dir that includes the state dir, so the audit log is held to the same rule as the store.
 */
export function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const rel = relative(dir, path);
      if (rel === 'locks') continue;
      if (statSync(path).isDirectory()) walk(path);
      else files.set(rel, readFileSync(path).toString('base64'));
    }
  };
  walk(dir);
  return files;
}

/** Where a snapshot of FBTOK_CONFIG_DIR has the audit log (the state dir defaults to `state/` under it). */
export const AUDIT_LOG = join('state', 'audit.log');

/**
 * For commands that log an attempt even when they change nothing (`token delete` of a missing name):
 * every other file byte for byte as before, and the audit log only appended to, never rewritten.
 */
export function expectOnlyLogAppended(after: Map<string, string>, before: Map<string, string>, what: string): void {
  const log = (s: Map<string, string>) => Buffer.from(s.get(AUDIT_LOG) ?? '', 'base64').toString('latin1');
  const rest = (s: Map<string, string>) => new Map([...s].filter(([name]) => name !== AUDIT_LOG));
  expect(rest(after), `${what} changed the store`).toEqual(rest(before));
  expect(log(after).startsWith(log(before)), `${what} rewrote the audit log instead of appending`).toBe(true);
}

/** A V8 stack frame: never printed without --verbose. */
export const STACK_FRAME = /^\s+at .+(\(|:\d+:\d+)/m;
export const DOCUMENTED_EXITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 126, 127, 130];

/** The error contract for hostile input: a documented exit with a word about it, never a crash or a stack. */
export function expectHandled(r: MainResult, what: string): void {
  const tail = `\n--- ${what} → exit ${r.code}\n${r.stderr}`;
  expect(DOCUMENTED_EXITS, `undocumented exit${tail}`).toContain(r.code);
  expect(r.stderr, `a stack trace${tail}`).not.toMatch(STACK_FRAME);
  expect(r.stderr, `an unexpected error (a crash, not a handled input)${tail}`).not.toMatch(/Unexpected error/);
  // Usage, store and unexpected failures are raised errors; report commands (rotate's table) may exit 3-8 with their report.
  if ([1, 2, 7].includes(r.code)) expect(r.stderr, `no one-line "error:"${tail}`).toMatch(/^error: .+$/m);
  if (r.code !== 0) expect(r.stdout + r.stderr, `exit ${r.code} without a word${tail}`).not.toBe('');
}
