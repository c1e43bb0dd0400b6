// Shared pieces of the benchmarks: run a command N times, medians, peak memory, a throw-away fbtok env.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..');
export const CLI = join(root, 'bin', 'fbtok.cjs');

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs a command once under /usr/bin/time for its peak RSS; resolves {ms, code, peakKb, stdout, stderr}.
 * `onStderr` sees stderr as it streams (the login benchmark reacts to the printed URL).
 */
export function timed(command, args, { env = process.env, input = '', onStderr, timeoutMs = 600_000 } = {}) {
  return new Promise((resolvePromise, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '__PEAK_KB=%M', command, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    // A stuck run (a Secret Service that stopped answering) ends the measurement, not the whole benchmark.
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => {
      stderr += d;
      onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const peak = stderr.match(/__PEAK_KB=(\d+)/);
      const out = stderr.replace(/__PEAK_KB=\d+\n?/, '');
      resolvePromise({ ms, code, peakKb: peak ? Number(peak[1]) : null, stdout, stderr: timedOut ? `timed out after ${fmt(timeoutMs)}\n${out}` : out });
    });
    child.stdin.end(input);
  });
}

/** Median wall time of `runs` runs (after one warm-up), failing loudly when the command fails. */
export async function medianOf(runs, command, args, options) {
  await timed(command, args, options);
  const times = [];
  let peakKb = 0;
  for (let i = 0; i < runs; i++) {
    const r = await timed(command, args, options);
    if (r.code !== 0) throw new Error(`${[command, ...args].join(' ')} exited ${r.code}: ${r.stderr.slice(0, 500)}`);
    times.push(r.ms);
    peakKb = Math.max(peakKb, r.peakKb ?? 0);
  }
  return { ms: median(times), peakKb };
}

/**
 * Runs several commands in rounds (each once per round, in turn), so a machine that speeds up or slows
 * down mid-run affects them all alike. Resolves, per command, its median time and the median of its
 * per-round ratios to the first command (the baseline).
 */
export async function interleaved(runs, commands, options) {
  const times = commands.map(() => []);
  for (let round = -1; round < runs; round++) {
    for (const [i, [command, args]] of commands.entries()) {
      const r = await timed(command, args, options);
      if (r.code !== 0) throw new Error(`${[command, ...args].join(' ')} exited ${r.code}: ${r.stderr.slice(0, 500)}`);
      if (round >= 0) times[i].push(r.ms); // round -1 warms the file cache
    }
  }
  return times.map((t) => ({ ms: median(t), ratio: median(t.map((ms, round) => ms / times[0][round])) }));
}

export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The environment a CLI run gets: an isolated config dir, the emulator as Facebook. */
export function cliEnv(emu, configDir, extra = {}) {
  return {
    PATH: process.env.PATH,
    HOME: configDir,
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    FBTOK_CONFIG_DIR: configDir,
    FBTOK_STORE: 'file',
    ...(emu && {
      FBTOK_GRAPH_URL: emu.url,
      FBTOK_WWW_URL: emu.url,
      FBTOK_APP_ID: emu.appId,
      FBTOK_APP_SECRET: emu.appSecret,
      FBTOK_CLIENT_TOKEN: emu.clientToken,
    }),
    ...extra,
  };
}

/**
 * The audit log's entries, through `fbtok log --json` (secretWrites counts what a run wrote).
 */
export async function auditEntries(env) {
  const r = await timed(process.execPath, [CLI, 'log', '--json'], { env });
  if (r.code !== 0) throw new Error(`fbtok log exited ${r.code}: ${r.stderr.slice(0, 300)}`);
  return JSON.parse(r.stdout);
}

/** Secret writes in these audit entries: a new one is one write, a replaced one two (previous copy, new). */
export function secretWrites(entries) {
  return entries.reduce((n, e) => n + (e.outcome === 'stored' ? 1 : e.outcome === 'replaced' ? 2 : 0), 0);
}

export const fmt = (ms) => `${ms.toFixed(0)} ms`;
export const ratio = (a, b) => (a / b).toFixed(2);
