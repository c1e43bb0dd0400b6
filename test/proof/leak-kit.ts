// The leak tests' tools: a recorder of everything the CLI printed or wrote, the canaries only the test
// knows (and every token and appsecret_proof the CLI sent to Graph), and the logins driven from outside.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { appSecretProof, type Emulator } from '../../src/emulator/index.js';
import { main } from '../../src/main.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { startCli } from '../helpers/cli-stream.js';
import { DIALOG_URL, dialogRedirect, freePort } from '../auth/login-fixture.js';

export const APP_SECRET = 'CANARYappsecret0a1b2c3d4e5f60718293';
export const CLIENT_TOKEN = 'CANARYclienttoken9f8e7d6c5b4a3';
export const PASSPHRASE = 'CANARYpassphrase-correct-horse-battery';
export const WRONG_SECRET = 'CANARYwrongsecret11223344556677';
export const PAGE_ID = '701';
const REDIRECT = 'https://bot.example.com/fb/callback';
/** The four forms every command is run in. */
export const FORMS = [[], ['--verbose'], ['--json'], ['--verbose', '--json']];

export interface Seen {
  label: string;
  text: string;
  /** Printed by a command that exists to print tokens (`token get`, `token export`): only the other canaries count. */
  tokensAllowed?: boolean;
}

export interface Canary {
  what: string;
  /** An access token: allowed where tokens are the point (Seen.tokensAllowed), unlike secrets, codes and proofs. */
  token: boolean;
}

export type CliOptions = { input?: string; code?: number | number[]; tokenOnStdout?: boolean; env?: Record<string, string>; cwd?: string };

/** Everything one pass printed, labelled by command, plus the canaries only the test knows. */
export class Recorder {
  readonly seen: Seen[] = [];
  readonly codes = new Set<string>();
  constructor(readonly env: Record<string, string>, readonly dir: string) {}

  /** Runs the CLI and records stderr and stdout (stdout of `token get`/`export` may hold tokens, nothing else). */
  async cli(args: string[], options: CliOptions = {}): Promise<CliResult> {
    const r = await runCli(args, { env: { ...this.env, ...options.env }, input: options.input, cwd: options.cwd, timeoutMs: 30_000 });
    const label = `fbtok ${args.join(' ')}`;
    const allowed = ([] as number[]).concat(options.code ?? 0);
    expect(allowed, `${label} exited ${r.code}:\n${r.stderr}`).toContain(r.code);
    this.record(label, r, options.tokenOnStdout);
    return r;
  }

  record(label: string, r: { stdout: string; stderr: string }, tokenOnStdout = false): void {
    this.seen.push({ label: `${label} (stderr)`, text: r.stderr }, { label: `${label} (stdout)`, text: r.stdout, tokensAllowed: tokenOnStdout });
  }

  /** The same command plain, with --verbose, and with --json (all of them recorded). */
  async variants(args: string[], options: CliOptions = {}): Promise<void> {
    for (const extra of FORMS) await this.cli([...extra, ...args], options);
  }

  /** Every file under `root` (default the config dir: config, index, tokens.json, audit log, locks). */
  files(root = this.dir, what = 'file'): Seen[] {
    const out: Seen[] = [];
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const path = join(d, name);
        if (statSync(path).isDirectory()) walk(path);
        else out.push({ label: `${what} ${relative(root, path)}`, text: `${relative(root, path)}\n${readFileSync(path, 'latin1')}` });
      }
    };
    walk(root);
    return out;
  }
}

/** Every token the CLI sent to the emulator or keeps in its store, with each one's appsecret_proof. */
export async function canaries(emu: Emulator, rec: Recorder): Promise<Map<string, Canary>> {
  // Later entries name a value better than earlier ones (a stored token was also sent to Graph).
  const secrets = new Map<string, Canary>();
  for (const req of emu.requests) {
    const values: Record<string, string | undefined> = { ...req.query, ...req.form, ...(req.headerToken ? { access_token: req.headerToken } : {}) };
    for (const key of ['access_token', 'input_token', 'fb_exchange_token', 'code', 'appsecret_proof', 'revoke_token']) {
      const v = values[key];
      if (v && !v.includes('|')) secrets.set(v, { what: `${key} sent to Graph (${req.path})`, token: key !== 'code' && key !== 'appsecret_proof' });
    }
    if (req.form.batch) {
      for (const m of req.form.batch.matchAll(/input_token=([A-Za-z0-9]+)/g)) secrets.set(m[1], { what: 'an input_token in a batch', token: true });
    }
  }
  const list = await rec.cli(['token', 'list', '--json']);
  for (const { name } of JSON.parse(list.stdout) as Array<{ name: string }>) {
    const got = await rec.cli(['token', 'get', name], { tokenOnStdout: true, code: [0, 3] });
    if (got.stdout.trim()) secrets.set(got.stdout.trim(), { what: `the stored token ${name}`, token: true });
  }
  for (const code of rec.codes) secrets.set(code, { what: 'a login code', token: false });
  for (const [value, what] of [[APP_SECRET, 'the app secret'], [CLIENT_TOKEN, 'the client token'], [PASSPHRASE, 'the store passphrase'], [WRONG_SECRET, 'a wrong app secret']]) {
    secrets.set(value, { what, token: false });
  }
  for (const [value, { what }] of [...secrets]) {
    if (!what.includes('appsecret_proof')) secrets.set(appSecretProof(value, APP_SECRET), { what: `the appsecret_proof of ${what}`, token: false });
  }
  for (const value of [...secrets.keys()]) if (value.length < 8) secrets.delete(value);
  return secrets;
}

export function expectNoLeak(seen: Seen[], secrets: Map<string, Canary>): void {
  const leaks: string[] = [];
  for (const { label, text, tokensAllowed } of seen) {
    for (const [secret, { what, token }] of secrets) {
      if (tokensAllowed && token) continue;
      if (text.includes(secret)) leaks.push(`${what} (${secret.slice(0, 8)}...) in ${label}`);
    }
  }
  expect(leaks).toEqual([]);
}

/** `fbtok login --manual` with the pasted redirect; the code is a canary. */
export async function manualLogin(rec: Recorder, flags: string[]): Promise<void> {
  const cli = startCli([...flags, 'login', '--manual', '--redirect-uri', REDIRECT], { env: rec.env, timeoutMs: 30_000 });
  const location = await dialogRedirect((await cli.waitForStderr(DIALOG_URL, 15_000))[1]);
  rec.codes.add(new URL(location).searchParams.get('code')!);
  cli.child.stdin.end(`${location}\n`);
  const r = await cli.exited;
  expect(r.code, r.stderr).toBe(0);
  rec.record(`login --manual ${flags.join(' ')}`, r);
}

/**
 * The default `fbtok login`: the redirect listener on a free port (--no-browser prints the URL). The test is the
 * browser: it follows the dialog to the listener and records the page the listener answers. The code is a canary.
 */
export async function browserLogin(rec: Recorder, flags: string[], code = 0, beforeCallback?: () => void): Promise<void> {
  const args = [...flags, 'login', '--no-browser', '--port', String(await freePort())];
  const cli = startCli(args, { env: rec.env, timeoutMs: 30_000 });
  const location = await dialogRedirect((await cli.waitForStderr(DIALOG_URL, 15_000))[1]);
  rec.codes.add(new URL(location).searchParams.get('code')!);
  beforeCallback?.();
  const page = await fetch(location, { redirect: 'manual' });
  rec.seen.push({ label: `the page the listener of fbtok ${args.join(' ')} answered`, text: `${JSON.stringify([...page.headers])}\n${await page.text()}` });
  const r = await cli.exited;
  expect(r.code, r.stderr).toBe(code);
  rec.record(`fbtok ${args.join(' ')}`, r);
}

/**
 * `fbtok login --device` as a process: the test approves the code it shows (or lets it expire), and the
 * first poll (one interval later) ends it. The device code sent to login_status is a canary.
 */
export async function deviceLoginCli(rec: Recorder, emu: Emulator, flags: string[], outcome: 'approve' | 'expire' = 'approve'): Promise<void> {
  const cli = startCli([...flags, 'login', '--device'], { env: rec.env, timeoutMs: 30_000 });
  cli.child.stdin.end();
  const userCode = (await cli.waitForStderr(/enter the code: (\S+)/, 15_000))[1];
  if (outcome === 'approve') emu.approveDevice(userCode);
  else emu.expireDeviceCode(userCode);
  const r = await cli.exited;
  expect(r.code, r.stderr).toBe(outcome === 'approve' ? 0 : 3);
  rec.record(`fbtok ${flags.join(' ')} login --device (${outcome})`, r);
}

/** Device codes the CLI polled with. */
export function deviceCodes(rec: Recorder, emu: Emulator): void {
  for (const req of emu.requests) if (req.path.includes('device/login_status') && req.form.code) rec.codes.add(req.form.code);
}

/** `fbtok login --device` in-process on a clock that approves the code instead of waiting (the device code is a canary). */
export async function deviceLogin(rec: Recorder, emu: Emulator): Promise<void> {
  const io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() };
  let out = '';
  let err = '';
  io.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  io.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  io.stdin.end();
  const clock = {
    now: () => Date.now(),
    sleep: async () => {
      const userCode = err.match(/enter the code: (\S+)/)?.[1];
      if (userCode) emu.approveDevice(userCode);
    },
  };
  const code = await main(['--verbose', '--json', 'login', '--device'], { ...io, env: { ...rec.env, HOME: rec.dir }, clock });
  expect(code, err).toBe(0);
  rec.record('login --device', { stdout: out, stderr: err });
  deviceCodes(rec, emu);
  expect(rec.codes.size).toBeGreaterThan(0);
}

/** fbtok's own command line while it waits on a slow Graph: no secret in it (they come by stdin or env). */
export async function cmdlineWhileRunning(rec: Recorder, emu: Emulator, token: string): Promise<void> {
  emu.setLatency(1_500);
  try {
    const cli = startCli(['--verbose', 'debug-token', '--token-stdin'], { env: rec.env, timeoutMs: 30_000 });
    cli.child.stdin.end(token);
    const cmdline = readFileSync(`/proc/${cli.child.pid}/cmdline`, 'latin1');
    expect(cli.child.exitCode, 'fbtok ended before its command line was read').toBeNull();
    rec.seen.push({ label: `/proc/${cli.child.pid}/cmdline of a running fbtok`, text: cmdline });
    expect(cmdline).toContain('debug-token');
    const r = await cli.exited;
    expect(r.code, r.stderr).toBe(0);
    rec.record('slow debug-token', r);
  } finally {
    emu.setLatency(0);
  }
}
