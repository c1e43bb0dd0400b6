// The fault matrix: every command that talks to Graph, run as a real process against one emulator per
// test file, under each injected fault. Cells copy a seeded config dir, so they run side by side.
// Each cell must end with its documented exit code, one error line and a remedy, no stack trace, and
// within a time bound derived from the fault's --timeout / --max-wait (see boundMs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultSpec } from '../../src/emulator/index.js';
import { DEVICE_INTERVAL } from '../../src/emulator/device.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { seed, startDeviceLogin, startManualLogin, type MatrixEnv, type PendingLogin } from './fault-matrix-seed.js';

export { PAGE_ID, type MatrixEnv } from './fault-matrix-seed.js';
/** A stack frame as V8 prints it: never on stderr without --verbose. */
export const STACK_FRAME = /^\s+at .+(\(|:\d+:\d+)/m;

export interface Fault {
  /** Shown in test names. */
  name: string;
  spec?: FaultSpec;
  latencyMs?: number;
  /** Extra global flags for this fault (e.g. --timeout 1). */
  flags: string[];
  exitCode: number;
  /** What stderr must say, besides the one-line cause and remedy. */
  stderr?: RegExp;
  /** For a fault aimed at one call: the requests it must have answered, as method, path prefix and status. */
  met?: { method: string; path: string; status: number; atLeast: number };
  /** Hard limit for one run (raised to a cell's time bound + 5 s); the CLI is killed after it and the test fails on the signal. */
  killAfterMs: number;
}

export interface Cell {
  name: string;
  args: string[];
  input?: (m: MatrixEnv) => string;
  cwd?: (m: MatrixEnv) => string;
  /** doctor reports findings (a FAIL line with its fix on stdout), not one error. */
  findings?: boolean;
  /** The exit code when Graph works (scan --check finds a live token: 11). */
  okCode?: number;
  /** Graph calls made one after another when Graph works (each may spend a whole call budget); default 1. */
  graphCalls?: number;
  /** Failing calls made one after another before the command gives up; default 1 (it stops at the first). */
  failingCalls?: number;
  /** Time the command waits on purpose besides Graph (a device-login poll interval). */
  waitMs?: number;
}

export const COMMANDS: Cell[] = [
  { name: 'exchange-long-lived', args: ['exchange-long-lived', '--from', 'user', '--save', 'fresh'], graphCalls: 2 },
  // debug_token of the user token, /me/accounts, the new Page tokens' own lifetimes (one batch).
  { name: 'page-tokens', args: ['page-tokens'], graphCalls: 4 },
  { name: 'debug-token', args: ['debug-token'] },
  { name: 'debug-token --all', args: ['debug-token', '--all'] },
  { name: 'status --check', args: ['status', '--check'] },
  { name: 'status --check --format openmetrics', args: ['status', '--check', '--format', 'openmetrics'] },
  { name: 'usage', args: ['usage'] },
  { name: 'token import', args: ['token', 'import', '--token-stdin', '--name', 'imported'], input: (m) => m.user },
  // A long-lived user token due within 70d: with Graph up, only a login renews it (exit 8, documented).
  { name: 'rotate', args: ['rotate', '--within', '70d'], okCode: 8, graphCalls: 3 },
  { name: 'doctor', args: ['doctor'], findings: true, graphCalls: 4 },
  // The fix adds a field the seed did not subscribe, so with Graph up it really POSTs subscribed_apps.
  { name: 'doctor --fix-subscriptions', args: ['doctor', '--fix-subscriptions', '--fields', 'messages,messaging_postbacks'], findings: true, graphCalls: 6 },
  { name: 'exec --check', args: ['exec', '--check', '--env', 'T=user', '--', process.execPath, '-e', 'process.exit(0)'] },
  // Rotation first (the user token is due within 70d: only a login renews it, so exec warns and starts).
  { name: 'exec --rotate-within', args: ['exec', '--rotate-within', '70d', '--env', 'T=user', '--', process.execPath, '-e', 'process.exit(0)'], graphCalls: 3 },
  { name: 'scan --check', args: ['scan', '--check'], cwd: (m) => m.leakyTree, okCode: 11 },
];

/** A login, started before the fault goes in and timed from when it is let on into Graph. */
export interface LoginCell extends Cell {
  start(m: MatrixEnv, env: Record<string, string>, flags: string[], killAfterMs: number): Promise<PendingLogin>;
}

export const LOGINS: LoginCell[] = [
  { name: 'login --manual', args: [], graphCalls: 3, start: (_m, env, flags, kill) => startManualLogin(env, flags, kill) },
  { name: 'login --device', args: [], graphCalls: 3, waitMs: DEVICE_INTERVAL * 1000, start: startDeviceLogin },
];
/** Last and one after the other: with a working Graph they take permissions away, then de-authorize the user. */
export const REVOKES: Cell[] = [
  { name: 'revoke --permission --yes', args: ['revoke', '--permission', 'pages_read_engagement', '--yes'] },
  { name: 'revoke --yes', args: ['revoke', '--yes'] },
];

/** Retries after a failed attempt (README: "doubles, with jitter, up to 3 retries"). */
export const RETRIES = 3;
/** FBTOK_RETRY_BASE_MS of every cell. */
const RETRY_BASE_MS = 1;
/** Node start-up, the store, the emulator and a dozen CLIs sharing a slow 2-core machine. */
export const START_SLACK_MS = 15_000;
export const SLACK_FACTOR = 3;

/** --timeout and --max-wait of a fault's flags, else their documented defaults (30 s and 300 s). */
export function settings(flags: string[]): { timeoutMs: number; maxWaitMs: number } {
  const value = (name: string, fallback: number) => (flags.includes(name) ? Number(flags[flags.indexOf(name) + 1]) : fallback);
  return { timeoutMs: value('--timeout', 30) * 1000, maxWaitMs: value('--max-wait', 300) * 1000 };
}

/** The longest one Graph call may take under this fault: every attempt and backoff, or one rate-limit wait. */
export function callBudgetMs(fault: Pick<Fault, 'spec' | 'latencyMs' | 'flags'>): number {
  const { timeoutMs, maxWaitMs } = settings(fault.flags);
  const answerMs = fault.latencyMs ?? 0;
  // A rate limit: at most one short retry (2 x the retry base, +25% jitter) and one wait of Facebook's estimate
  // within --max-wait; --max-wait 0 waits for nothing.
  if (fault.spec?.kind === 'rate-limit') return maxWaitMs === 0 ? answerMs : 3 * answerMs + 2.5 * RETRY_BASE_MS + maxWaitMs;
  const attemptMs = fault.spec?.kind === 'hang' ? timeoutMs : answerMs;
  let backoffMs = 0;
  for (let i = 0; i < RETRIES; i++) backoffMs += 1.25 * RETRY_BASE_MS * 2 ** i; // jitter is at most +25%
  return (RETRIES + 1) * attemptMs + backoffMs;
}

type Budgeted = Pick<Fault, 'spec' | 'latencyMs' | 'flags' | 'exitCode'>;
type Paced = Pick<Cell, 'graphCalls' | 'failingCalls' | 'waitMs'>;

/** How many Graph calls of a cell may each spend a whole budget under this fault. */
export function callsUnder(fault: Pick<Fault, 'exitCode'>, cell: Paced): number {
  return fault.exitCode === 0 ? (cell.graphCalls ?? 1) : (cell.failingCalls ?? 1);
}

/** A cell's upper bound: start-up slack, its own waits, and SLACK_FACTOR x its Graph calls' budgets. */
export function boundMs(fault: Budgeted, cell: Paced): number {
  return START_SLACK_MS + (cell.waitMs ?? 0) + SLACK_FACTOR * callsUnder(fault, cell) * callBudgetMs(fault);
}

export interface Timed {
  result: CliResult;
  ms: number;
}

/** The error contract: exit code, not killed, within its bound, one `error:` line and a remedy line, no stack. */
export function expectReported(run: Timed, fault: Fault, what: string, cell: Pick<Cell, 'findings' | 'okCode'> & Paced = {}): void {
  const r = run.result;
  const tail = `\n--- stderr of ${what} ---\n${r.stderr}\n--- stdout ---\n${r.stdout.slice(0, 2000)}`;
  expect(r.signal, `${what} was killed: it did not end within ${Math.round(run.ms)} ms${tail}`).toBeNull();
  expect(r.code, `${what}: exit code${tail}`).toBe(fault.exitCode === 0 ? (cell.okCode ?? 0) : fault.exitCode);
  const bound = boundMs(fault, cell);
  expect(run.ms, `${what} took ${Math.round(run.ms)} ms, over its bound of ${bound} ms (${JSON.stringify(settings(fault.flags))}, ${callsUnder(fault, cell)} call(s) of ${callBudgetMs(fault)} ms)${tail}`).toBeLessThanOrEqual(bound);
  expect(r.stderr, `${what}: stack trace without --verbose${tail}`).not.toMatch(STACK_FRAME);
  if (fault.exitCode === 0) return;
  if (cell.findings) {
    expect(r.stdout, `${what}: a FAIL finding with its fix${tail}`).toMatch(/^FAIL +\S+ +.+ fix: \S/m);
    if (fault.stderr) expect(r.stdout + r.stderr, `${what}: output${tail}`).toMatch(fault.stderr);
    return;
  }
  const lines = r.stderr.split('\n');
  const at = lines.findIndex((line) => /^error: \S/.test(line));
  expect(at, `${what}: no "error:" line${tail}`).toBeGreaterThanOrEqual(0);
  expect(lines[at + 1] ?? '', `${what}: no remedy line after the error${tail}`).toMatch(/^ {2}\S/);
  expect(lines.filter((line) => /^error: /.test(line)), `${what}: one error line${tail}`).toHaveLength(1);
  if (fault.stderr) expect(r.stderr, `${what}: stderr${tail}`).toMatch(fault.stderr);
}

const killAfter = (fault: Fault, cell: Cell) => Math.max(fault.killAfterMs, boundMs(fault, cell) + 5_000);

async function timed(started: number, result: Promise<CliResult>): Promise<Timed> {
  const r = await result;
  return { result: r, ms: performance.now() - started };
}

export interface MatrixCells {
  commands: Cell[];
  logins: LoginCell[];
  revokes: Cell[];
}

/**
 * Registers one describe per fault (sequential: faults are global to the emulator) with every command in it
 * (concurrent). A fault aimed at one path (spec.match) runs with only the cells that reach it.
 */
export function defineFaultMatrix(title: string, faults: Fault[], cells: MatrixCells = { commands: COMMANDS, logins: LOGINS, revokes: REVOKES }): void {
  const { commands, logins: loginCells, revokes } = cells;
  describe(title, () => {
    let m: Awaited<ReturnType<typeof seed>>;
    beforeAll(async () => {
      m = await seed();
    });
    afterAll(async () => {
      await m?.close();
    });

    describe.each(faults)('under $name', (fault) => {
      const logins: PendingLogin[] = [];
      const results = new Map<string, Timed>();
      const run = (cell: Cell) =>
        timed(performance.now(), runCli([...fault.flags, ...cell.args], { env: m.cell().env, input: cell.input?.(m), cwd: cell.cwd?.(m), timeoutMs: killAfter(fault, cell) }));

      // Every cell of a fault runs at once (most of them wait on Graph); the tests below judge the results.
      beforeAll(async () => {
        m.emu.clearFaults();
        m.emu.resetRequests();
        for (const cell of loginCells) logins.push(await cell.start(m, m.cell().env, fault.flags, killAfter(fault, cell)));
        if (fault.spec) m.emu.injectFault(fault.spec);
        if (fault.latencyMs) m.emu.setLatency(fault.latencyMs);
        const started = performance.now();
        for (const login of logins) login.go();
        const done = await Promise.all([...logins.map((l) => timed(started, l.cli.exited)), ...commands.map(run)]);
        [...loginCells, ...commands].forEach((cell, i) => results.set(cell.name, done[i]));
        // Last and alone: with a working Graph they change the user's grants, which the cells above rely on.
        for (const cell of revokes) results.set(cell.name, await run(cell));
      }, 180_000);
      afterAll(() => {
        m.emu.clearFaults();
        m.emu.setLatency(0);
        for (const login of logins) login.cli.child.kill('SIGKILL');
      });

      it.each([...commands, ...loginCells, ...revokes])(`$name → exit ${fault.exitCode || 'ok'}`, (cell) => {
        expectReported(results.get(cell.name)!, fault, `fbtok ${cell.name} under ${fault.name}`, cell);
      });
      if (fault.met) {
        const { method, path, status, atLeast } = fault.met;
        it(`the fault met ${method} ${path} (${status}) at least ${atLeast}x`, () => {
          const hits = m.emu.requests.filter((r) => r.method === method && r.path.startsWith(path) && r.status === status);
          expect(hits.length, JSON.stringify(m.emu.requests.map((r) => `${r.method} ${r.path} ${r.status}`))).toBeGreaterThanOrEqual(atLeast);
        });
      }
    });
  });
}
