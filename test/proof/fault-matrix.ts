// The fault matrix: every command that talks to Graph, run as a real process against one emulator per
// test file, under each injected fault. Cells copy a seeded config dir, so they run side by side.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSecretProof, startEmulator, type Emulator, type FaultSpec } from '../../src/emulator/index.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { startCli, type StreamingCli } from '../helpers/cli-stream.js';
import { DIALOG_URL, dialogRedirect } from '../auth/login-fixture.js';

export const PAGE_ID = '701';
const REDIRECT = 'https://bot.example.com/fb/callback';
/** A stack frame as V8 prints it: never on stderr without --verbose. */
export const STACK_FRAME = /^\s+at .+(\(|:\d+:\d+)/m;

export interface MatrixEnv {
  emu: Emulator;
  /** A fresh copy of the seeded config dir (user + page:701 in a file store) and the env pointing at it. */
  cell(): { env: Record<string, string>; dir: string };
  user: string;
  /** A directory with a live token in a file, for `scan --check`. */
  leakyTree: string;
}

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
  /** Upper bound for one run; the CLI is killed after it (the test then fails on the signal). */
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
}

export const COMMANDS: Cell[] = [
  { name: 'exchange-long-lived', args: ['exchange-long-lived', '--from', 'user', '--save', 'fresh'] },
  { name: 'page-tokens', args: ['page-tokens'] },
  { name: 'debug-token', args: ['debug-token'] },
  { name: 'debug-token --all', args: ['debug-token', '--all'] },
  { name: 'status --check', args: ['status', '--check'] },
  { name: 'token import', args: ['token', 'import', '--token-stdin', '--name', 'imported'], input: (m) => m.user },
  // A long-lived user token due within 70d: with Graph up, only a login renews it (exit 8, documented).
  { name: 'rotate', args: ['rotate', '--within', '70d'], okCode: 8 },
  { name: 'doctor', args: ['doctor'], findings: true },
  { name: 'exec --check', args: ['exec', '--check', '--env', 'T=user', '--', process.execPath, '-e', 'process.exit(0)'] },
  { name: 'scan --check', args: ['scan', '--check'], cwd: (m) => m.leakyTree, okCode: 11 },
];

/** Starts `login --manual` and reads the emulator's redirect before the fault goes in (the dialog is on the emulator too). */
async function startManualLogin(env: Record<string, string>, flags: string[], killAfterMs: number): Promise<{ cli: StreamingCli; location: string }> {
  const cli = startCli([...flags, 'login', '--manual', '--redirect-uri', REDIRECT], { env, timeoutMs: killAfterMs + 15_000 });
  const match = await cli.waitForStderr(DIALOG_URL, 15_000);
  return { cli, location: await dialogRedirect(match[1]) };
}

async function seed(): Promise<MatrixEnv & { close(): Promise<void> }> {
  const emu = await startEmulator({ pages: [{ id: PAGE_ID, name: 'Corner Shop' }] });
  const root = mkdtempSync(join(tmpdir(), 'fbtok-matrix-'));
  const seedDir = join(root, 'seed');
  const base = {
    FBTOK_STORE: 'file', FBTOK_GRAPH_URL: emu.url, FBTOK_WWW_URL: emu.url, FBTOK_APP_ID: emu.appId,
    FBTOK_APP_SECRET: emu.appSecret, FBTOK_RETRY_BASE_MS: '1',
  };
  const user = emu.issueUserToken({ lifetime: 'long' });
  for (const [args, input] of [[['token', 'import', '--token-stdin'], user], [['page-tokens'], '']] as const) {
    const r = await runCli([...args], { env: { ...base, FBTOK_CONFIG_DIR: seedDir }, input });
    if (r.code !== 0) throw new Error(`seeding: fbtok ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  }
  // The app subscribed to the Page's webhooks, so `doctor` is all green when Graph works.
  const page = emu.pageTokenFor(user, PAGE_ID);
  const sub = await fetch(`${emu.url}/v26.0/${PAGE_ID}/subscribed_apps`, {
    method: 'POST',
    body: new URLSearchParams({ subscribed_fields: 'messages', access_token: page, appsecret_proof: appSecretProof(page, emu.appSecret) }),
  });
  if (!sub.ok) throw new Error(`seeding: subscribed_apps answered ${sub.status}: ${await sub.text()}`);
  const leakyTree = join(root, 'tree');
  mkdirSync(leakyTree);
  writeFileSync(join(leakyTree, 'bot.js'), `const token = "${user}";\n`);
  let n = 0;
  return {
    emu,
    user,
    leakyTree,
    cell() {
      const dir = join(root, `cell-${n++}`);
      cpSync(seedDir, dir, { recursive: true });
      return { dir, env: { ...base, FBTOK_CONFIG_DIR: dir } };
    },
    async close() {
      await emu.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The error contract: exit code, not killed, one `error:` line and a remedy line, no stack. */
export function expectReported(r: CliResult, fault: Fault, what: string, cell: Pick<Cell, 'findings' | 'okCode'> = {}): void {
  const tail = `\n--- stderr of ${what} ---\n${r.stderr}\n--- stdout ---\n${r.stdout.slice(0, 2000)}`;
  expect(r.signal, `${what} was killed: it did not end within ${fault.killAfterMs} ms${tail}`).toBeNull();
  expect(r.code, `${what}: exit code${tail}`).toBe(fault.exitCode === 0 ? (cell.okCode ?? 0) : fault.exitCode);
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

/** Registers one describe per fault (sequential: faults are global to the emulator) with every command in it (concurrent). */
export function defineFaultMatrix(title: string, faults: Fault[]): void {
  describe(title, () => {
    let m: Awaited<ReturnType<typeof seed>>;
    beforeAll(async () => {
      m = await seed();
    });
    afterAll(async () => {
      await m?.close();
    });

    describe.each(faults)('under $name', (fault) => {
      let login: { cli: StreamingCli; location: string } | undefined;
      const results = new Map<string, CliResult>();
      const run = (args: string[], cell: Partial<Cell> = {}) =>
        runCli([...fault.flags, ...args], { env: m.cell().env, input: cell.input?.(m), cwd: cell.cwd?.(m), timeoutMs: fault.killAfterMs });

      // Every cell of a fault runs at once (most of them wait on Graph); the tests below judge the results.
      beforeAll(async () => {
        m.emu.clearFaults();
        login = await startManualLogin(m.cell().env, fault.flags, fault.killAfterMs);
        if (fault.spec) m.emu.injectFault(fault.spec);
        if (fault.latencyMs) m.emu.setLatency(fault.latencyMs);
        login.cli.child.stdin.end(`${login.location}\n`);
        const done = await Promise.all([login.cli.exited, ...COMMANDS.map((cell) => run(cell.args, cell))]);
        results.set('login --manual', done[0]);
        COMMANDS.forEach((cell, i) => results.set(cell.name, done[i + 1]));
        // Last and alone: with a working Graph it de-authorizes the user, which the cells above rely on.
        results.set('revoke --yes', await run(['revoke', '--yes']));
      }, 180_000);
      afterAll(() => {
        m.emu.clearFaults();
        m.emu.setLatency(0);
        login?.cli.child.kill('SIGKILL');
      });

      it.each([...COMMANDS, { name: 'login --manual' }, { name: 'revoke --yes' }] as Cell[])(`$name → exit ${fault.exitCode || 'ok'}`, (cell) => {
        expectReported(results.get(cell.name)!, fault, `fbtok ${cell.name} under ${fault.name}`, cell);
      });
    });
  });
}
