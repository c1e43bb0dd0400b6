// Canary secrets through every command (normal, --verbose, --json, error paths), once on the encrypted
// file store and once on a real Secret Service: no app secret, client token, passphrase, token, code or
// appsecret_proof may appear in stdout, stderr, the audit log, the config dir or a process's arguments.
// Only `token get` and `token export` print tokens, on stdout, because that is what they are for.
import { readdirSync, readFileSync, mkdtempSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSecretProof, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { main } from '../../src/main.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { startCli } from '../helpers/cli-stream.js';
import { DIALOG_URL, dialogRedirect } from '../auth/login-fixture.js';
import { startSecretService, type SecretServiceHandle } from '../helpers/secret-service.js';

const APP_SECRET = 'CANARYappsecret0a1b2c3d4e5f60718293';
const CLIENT_TOKEN = 'CANARYclienttoken9f8e7d6c5b4a3';
const PASSPHRASE = 'CANARYpassphrase-correct-horse-battery';
const WRONG_SECRET = 'CANARYwrongsecret11223344556677';
const PAGE_ID = '701';
const REDIRECT = 'https://bot.example.com/fb/callback';

interface Seen {
  label: string;
  text: string;
}

/** Everything one pass printed, labelled by command, plus the canaries only the test knows. */
class Recorder {
  readonly seen: Seen[] = [];
  readonly codes = new Set<string>();
  constructor(readonly env: Record<string, string>, readonly dir: string) {}

  /** Runs the CLI; its stdout is checked too unless the command exists to print a token. */
  async cli(args: string[], options: { input?: string; code?: number | number[]; tokenOnStdout?: boolean; env?: Record<string, string>; cwd?: string } = {}): Promise<CliResult> {
    const r = await runCli(args, { env: { ...this.env, ...options.env }, input: options.input, cwd: options.cwd, timeoutMs: 30_000 });
    const label = `fbtok ${args.join(' ')}`;
    const allowed = ([] as number[]).concat(options.code ?? 0);
    expect(allowed, `${label} exited ${r.code}:\n${r.stderr}`).toContain(r.code);
    this.seen.push({ label: `${label} (stderr)`, text: r.stderr });
    if (!options.tokenOnStdout) this.seen.push({ label: `${label} (stdout)`, text: r.stdout });
    return r;
  }

  /** The same command plain, with --verbose, and with --json (all of them recorded). */
  async variants(args: string[], options: Parameters<Recorder['cli']>[1] = {}): Promise<void> {
    for (const extra of [[], ['--verbose'], ['--json'], ['--verbose', '--json']]) await this.cli([...extra, ...args], options);
  }

  /** Every file of the config dir (config, index, tokens.json, audit log, locks). */
  files(): Seen[] {
    const out: Seen[] = [];
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const path = join(d, name);
        if (statSync(path).isDirectory()) walk(path);
        else out.push({ label: `file ${relative(this.dir, path)}`, text: readFileSync(path, 'latin1') });
      }
    };
    walk(this.dir);
    return out;
  }
}

/** Every token the CLI sent to the emulator or keeps in its store, with each one's appsecret_proof. */
async function canaries(emu: Emulator, rec: Recorder): Promise<Map<string, string>> {
  // Later entries name a value better than earlier ones (a stored token was also sent to Graph).
  const secrets = new Map<string, string>();
  for (const req of emu.requests) {
    const values = { ...req.query, ...req.form };
    for (const key of ['access_token', 'input_token', 'fb_exchange_token', 'code', 'appsecret_proof', 'revoke_token']) {
      const v = values[key];
      if (v && !v.includes('|')) secrets.set(v, `${key} sent to Graph (${req.path})`);
    }
    if (req.form.batch) {
      for (const m of req.form.batch.matchAll(/input_token=([A-Za-z0-9]+)/g)) secrets.set(m[1], 'an input_token in a batch');
    }
  }
  const list = await rec.cli(['token', 'list', '--json']);
  for (const { name } of JSON.parse(list.stdout) as Array<{ name: string }>) {
    const got = await rec.cli(['token', 'get', name], { tokenOnStdout: true, code: [0, 3] });
    if (got.stdout.trim()) secrets.set(got.stdout.trim(), `the stored token ${name}`);
  }
  for (const code of rec.codes) secrets.set(code, 'a login code');
  for (const [value, what] of [[APP_SECRET, 'the app secret'], [CLIENT_TOKEN, 'the client token'], [PASSPHRASE, 'the store passphrase'], [WRONG_SECRET, 'a wrong app secret']]) {
    secrets.set(value, what);
  }
  for (const [value, what] of [...secrets]) {
    if (!what.includes('appsecret_proof')) secrets.set(appSecretProof(value, APP_SECRET), `the appsecret_proof of ${what}`);
  }
  for (const value of [...secrets.keys()]) if (value.length < 8) secrets.delete(value);
  return secrets;
}

function expectNoLeak(seen: Seen[], secrets: Map<string, string>): void {
  const leaks: string[] = [];
  for (const { label, text } of seen) {
    for (const [secret, what] of secrets) if (text.includes(secret)) leaks.push(`${what} (${secret.slice(0, 8)}...) in ${label}`);
  }
  expect(leaks).toEqual([]);
}

/** `fbtok login --manual` with the pasted redirect; the code is a canary. */
async function manualLogin(rec: Recorder, flags: string[]): Promise<void> {
  const cli = startCli([...flags, 'login', '--manual', '--redirect-uri', REDIRECT], { env: rec.env, timeoutMs: 30_000 });
  const location = await dialogRedirect((await cli.waitForStderr(DIALOG_URL, 15_000))[1]);
  rec.codes.add(new URL(location).searchParams.get('code')!);
  cli.child.stdin.end(`${location}\n`);
  const r = await cli.exited;
  expect(r.code, r.stderr).toBe(0);
  rec.seen.push({ label: `login --manual ${flags.join(' ')} (stdout)`, text: r.stdout }, { label: `login --manual ${flags.join(' ')} (stderr)`, text: r.stderr });
}

/** `fbtok login --device` in-process on a clock that approves the code instead of waiting (the device code is a canary). */
async function deviceLogin(rec: Recorder, emu: Emulator): Promise<void> {
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
  rec.seen.push({ label: 'login --device (stdout)', text: out }, { label: 'login --device (stderr)', text: err });
  for (const req of emu.requests) if (req.path.includes('device/login_status') && req.form.code) rec.codes.add(req.form.code);
  expect(rec.codes.size).toBeGreaterThan(0);
}

/** fbtok's own command line while it waits on a slow Graph: no secret in it (they come by stdin or env). */
async function cmdlineWhileRunning(rec: Recorder, emu: Emulator, token: string): Promise<void> {
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
    rec.seen.push({ label: 'slow debug-token (stderr)', text: r.stderr }, { label: 'slow debug-token (stdout)', text: r.stdout });
  } finally {
    emu.setLatency(0);
  }
}

describe('no secret leaks anywhere', () => {
  let emu: Emulator;
  let service: SecretServiceHandle;
  let root: string;
  let tree: string;

  beforeAll(async () => {
    [emu, service] = await Promise.all([
      startEmulator({ appSecret: APP_SECRET, clientToken: CLIENT_TOKEN, pages: [{ id: PAGE_ID, name: 'Corner Shop' }], extendLongLivedOnExchange: true }),
      startSecretService(),
    ]);
    root = mkdtempSync(join(tmpdir(), 'fbtok-leak-'));
    tree = join(root, 'tree');
    mkdirSync(tree);
  });
  afterAll(async () => {
    await emu?.close();
    await service?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  function recorder(name: string, extra: Record<string, string>): Recorder {
    const dir = join(root, name);
    mkdirSync(dir);
    return new Recorder({ FBTOK_CONFIG_DIR: dir, FBTOK_GRAPH_URL: emu.url, FBTOK_WWW_URL: emu.url, FBTOK_RETRY_BASE_MS: '1', ...extra }, dir);
  }

  it('encrypted file store: every command, normal / --verbose / --json, error paths, audit log, files, cmdline', async () => {
    const rec = recorder('file', { FBTOK_STORE: 'file', FBTOK_STORE_PASSPHRASE: PASSPHRASE, FBTOK_APP_SECRET: APP_SECRET });
    const user = emu.issueUserToken({ lifetime: 'long' });
    writeFileSync(join(tree, 'bot.js'), `const token = "${user}";\nconst secret = "${APP_SECRET}";\n`);

    await rec.cli(['config', 'set', 'app-id', emu.appId]);
    await rec.cli(['config', 'set', 'client-token', '--stdin'], { input: CLIENT_TOKEN });
    await rec.variants(['config', 'list']);
    await rec.variants(['token', 'import', '--token-stdin', '--force'], { input: user });
    await manualLogin(rec, ['--verbose', '--json']);
    await deviceLogin(rec, emu);
    await rec.variants(['exchange-long-lived', '--from', 'user', '--save', 'user']);
    await rec.variants(['page-tokens']);
    for (const args of [['debug-token'], ['debug-token', `page:${PAGE_ID}`], ['debug-token', '--all'], ['status'], ['status', '--check'], ['token', 'list'], ['doctor'], ['log']]) {
      await rec.variants(args, { code: args[0] === 'doctor' ? [0, 4] : 0 });
    }
    await rec.variants(['debug-token', '--token-stdin', '--require', 'ads_management'], { input: user, code: 4 });
    await rec.variants(['rotate', '--within', '70d'], { code: [0, 8] });
    await rec.cli(['rotate', '--dry-run', '--within', '70d'], { code: [0, 8] });
    await rec.variants(['scan'], { cwd: tree, code: 10 });
    await rec.cli(['--verbose', 'scan', '--check'], { cwd: tree, code: 11 });
    // exec: the child reads its parent's (fbtok's) command line; with --mask the token it prints is hidden.
    await rec.cli(['exec', '--env', 'T=user', '--', 'sh', '-c', 'cat /proc/$PPID/cmdline']);
    await rec.cli(['--verbose', 'exec', '--mask', '--env', 'T=user', '--app-secret-env', 'S', '--', 'sh', '-c', 'echo "token=$T secret=$S"']);
    for (const format of ['env', 'dotenv', 'json', 'github']) await rec.cli(['token', 'export', '--format', format], { tokenOnStdout: true, env: { GITHUB_OUTPUT: join(root, 'gh-output') } });
    await rec.cli(['completion', 'bash']);
    await cmdlineWhileRunning(rec, emu, user);

    // Error paths: Graph failing, rate limits, a wrong app secret, then a revoked user.
    emu.injectFault({ kind: 'http-500', times: Infinity });
    await rec.variants(['debug-token'], { code: 6 });
    await rec.cli(['--verbose', '--json', 'status', '--check'], { code: 6 });
    emu.clearFaults();
    emu.injectFault({ kind: 'rate-limit', code: 80001, times: Infinity });
    await rec.cli(['--verbose', '--max-wait', '0', 'page-tokens'], { code: 5 });
    emu.clearFaults();
    await rec.variants(['debug-token'], { code: 2, env: { FBTOK_APP_SECRET: WRONG_SECRET } });
    await rec.variants(['exchange-long-lived', '--from', 'user', '--save', 'other'], { code: 2, env: { FBTOK_APP_SECRET: WRONG_SECRET } });
    await rec.cli(['--verbose', '--json', 'revoke', '--yes']);
    await rec.variants(['debug-token'], { code: 3 });
    await rec.cli(['--verbose', '--json', 'status', '--check'], { code: 3 });
    await rec.cli(['--verbose', 'exec', '--check', '--env', 'T=user', '--', 'true'], { code: 3 });
    await rec.cli(['status'], { env: { FBTOK_STORE_PASSPHRASE: 'CANARYnotthepassphrase' }, code: 7 });

    const secrets = await canaries(emu, rec);
    expect(secrets.size).toBeGreaterThan(8);
    expect([...secrets.values()].some((w) => w.startsWith('the stored token page:'))).toBe(true);
    expect([...secrets.values()].some((w) => w === 'a login code')).toBe(true);
    const files = rec.files();
    expect(files.map((f) => f.label)).toEqual(expect.arrayContaining(['file tokens.json', 'file config.json', 'file state/audit.log']));
    expectNoLeak([...rec.seen, ...files], secrets);
  }, 240_000);

  it('keychain store (real Secret Service): app secret and tokens stay in the keychain, never in output or index files', async () => {
    const rec = recorder('keychain', { ...service.env, FBTOK_STORE: 'keychain' });
    // Secret Service's own files live in the service's dir, not the config dir we check.
    const user = emu.issueUserToken({ lifetime: 'long' });
    await rec.cli(['config', 'set', 'app-id', emu.appId]);
    await rec.variants(['config', 'set', 'app-secret', '--stdin'], { input: APP_SECRET });
    await rec.variants(['token', 'import', '--token-stdin', '--force'], { input: user });
    await manualLogin(rec, ['--verbose']);
    await rec.variants(['page-tokens']);
    for (const args of [['debug-token', '--all'], ['status', '--check'], ['token', 'list'], ['doctor'], ['log'], ['config', 'list']]) {
      await rec.variants(args, { code: args[0] === 'doctor' ? [0, 4] : 0 });
    }
    await rec.cli(['--verbose', 'rotate', '--within', '70d'], { code: [0, 8] });
    await rec.cli(['--verbose', 'exec', '--mask', '--env', 'T=user', '--', 'sh', '-c', 'echo "token=$T"; cat /proc/$PPID/cmdline']);
    await rec.cli(['token', 'export', '--format', 'env'], { tokenOnStdout: true });
    emu.injectFault({ kind: 'truncated', times: Infinity });
    await rec.variants(['debug-token'], { code: 6 });
    emu.clearFaults();

    const secrets = await canaries(emu, rec);
    const files = rec.files();
    expect(files.map((f) => f.label)).toEqual(expect.arrayContaining(['file index/keychain/default.json', 'file state/audit.log']));
    expect(files.map((f) => f.label)).not.toContain('file tokens.json');
    expectNoLeak([...rec.seen, ...files], secrets);
  }, 240_000);
});
