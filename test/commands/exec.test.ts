import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, type CliResult } from '../helpers/run-cli.js';
import { expectNoSecrets, setUp, type Fixture } from './token-fixture.js';

const NODE = process.execPath;
/** Children that wait for a signal give up by themselves (exit 99, failing the test) if it never comes. */
const WAIT_FOR_SIGNAL = "setTimeout(() => process.exit(99), 10000);";

/** fbtok exec as a live process: its pid for signals, and a wait on what the child prints. */
function startExec(args: string[], env: Record<string, string>) {
  const child = spawn(NODE, [CLI, 'exec', ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (d) => {
    stdout += d;
    for (const w of waiters) w();
  });
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const exited = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      for (const w of waiters) w();
      resolve({ code, signal, stdout, stderr });
    }),
  );
  const waitForStdout = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (stdout.includes(text)) {
          waiters.delete(check);
          resolve();
        }
        else if (child.exitCode !== null || child.signalCode !== null) reject(new Error(`exited before "${text}": ${stderr}`));
      };
      waiters.add(check);
      check();
    });
  child.stdin.end();
  return { child, exited, waitForStdout };
}

async function runExec(args: string[], env: Record<string, string>): Promise<CliResult> {
  return startExec(args, env).exited;
}

describe('fbtok exec', () => {
  let fx: Fixture;
  let dir: string;
  let userToken: string;
  let pageToken: string;
  let pageId: string;
  let otherProfileToken: string;

  beforeAll(async () => {
    fx = await setUp();
    dir = mkdtempSync(join(tmpdir(), 'fbtok-exec-'));
    userToken = fx.emu.issueUserToken({ lifetime: 'long' });
    pageId = fx.emu.pages[0].id;
    pageToken = fx.emu.pageTokenFor(userToken, pageId);
    await fx.importToken(userToken);
    await fx.importToken(pageToken);
    otherProfileToken = fx.emu.issueUserToken({ lifetime: 'long' });
    const r = await fx.cli(['--profile', 'work', 'token', 'import', '--token-stdin', '--name', 'bot'], { input: otherProfileToken });
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(async () => {
    await fx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const file = (name: string) => join(dir, name);
  /** A child script that writes what it received to a file (never to the output fbtok passes through). */
  const dumpEnv = (out: string, names: string[], exitCode = 0) =>
    `require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({ env: Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, process.env[n] ?? null])), ` +
    `self: require('fs').readFileSync('/proc/self/cmdline', 'utf8'), parent: require('fs').readFileSync('/proc/' + process.ppid + '/cmdline', 'utf8') })); process.exit(${exitCode});`;

  it('hands the tokens to the child in its environment and exits with its exit code; no token in argv or output', async () => {
    const out = file('env1.json');
    const env = { ...fx.env, FBTOK_STORE_PASSPHRASE: fx.env.FBTOK_STORE_PASSPHRASE ?? 'unused-passphrase-123' };
    const names = ['USER_TOKEN', 'PAGE_ACCESS_TOKEN', 'FBTOK_STORE', 'FBTOK_APP_SECRET', 'FBTOK_STORE_PASSPHRASE'];
    const r = await runExec(['--env', 'USER_TOKEN=user', '--env', `PAGE_ACCESS_TOKEN=page:${pageId}`, '--', NODE, '-e', dumpEnv(out, names, 7)], env);
    expect(r.code, r.stderr).toBe(7);
    const seen = JSON.parse(readFileSync(out, 'utf8'));
    // fbtok's own secrets (app secret, store passphrase) are not passed on unless asked for.
    expect(seen.env).toEqual({ USER_TOKEN: userToken, PAGE_ACCESS_TOKEN: pageToken, FBTOK_STORE: 'file', FBTOK_APP_SECRET: null, FBTOK_STORE_PASSPHRASE: null });
    expect(seen.parent).toContain('fbtok.cjs'); // the process read really is fbtok
    for (const cmdline of [seen.self, seen.parent]) {
      expect(cmdline).not.toContain(userToken);
      expect(cmdline).not.toContain(pageToken);
    }
    expect(r.stdout + r.stderr).toBe('');
  });

  it('forwards SIGTERM; a child that traps it decides the exit code', async () => {
    const marker = file('term-marker');
    const script = `process.on('SIGTERM', () => { require('fs').writeFileSync(${JSON.stringify(marker)}, 'got it'); process.exit(42); }); console.log('ready'); ${WAIT_FOR_SIGNAL}`;
    const run = startExec(['--env', 'T=user', '--', NODE, '-e', script], fx.env);
    await run.waitForStdout('ready');
    run.child.kill('SIGTERM');
    const r = await run.exited;
    expect(r.signal).toBeNull();
    expect(r.code).toBe(42);
    expect(readFileSync(marker, 'utf8')).toBe('got it');
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
    ['SIGHUP', 129],
  ] as const)('a child killed by a forwarded %s makes fbtok exit %i', async (signal, code) => {
    const run = startExec(['--env', 'T=user', '--', NODE, '-e', `console.log('ready'); ${WAIT_FOR_SIGNAL}`], fx.env);
    await run.waitForStdout('ready');
    run.child.kill(signal);
    const r = await run.exited;
    expect(r.signal).toBeNull();
    expect(r.code).toBe(code);
  });

  it('--mask replaces the tokens in the child output, even split across writes', async () => {
    const script =
      "const t = process.env.PAGE_ACCESS_TOKEN; process.stdout.write('a:' + t.slice(0, 20)); " +
      "setImmediate(() => { process.stdout.write(t.slice(20) + ':b\\n'); process.stderr.write('err ' + process.env.U + '\\n'); });";
    const r = await runExec(['--mask', '--env', `PAGE_ACCESS_TOKEN=page:${pageId}`, '--env', 'U=user', '--', NODE, '-e', script], fx.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('a:<redacted>:b\n');
    expect(r.stderr).toBe('err <redacted>\n');
  });

  it('without --mask the output passes through untouched', async () => {
    const r = await runExec(['--env', 'T=user', '--', NODE, '-e', "process.stdout.write('plain ' + process.env.T.slice(0, 3))"], fx.env);
    expect(r.stdout).toBe('plain EAA');
  });

  it('--dotenv resolves fbtok:// references (this profile and another) and passes other values through', async () => {
    const envFile = file('.env');
    writeFileSync(envFile, `# bot settings\nPAGE_ACCESS_TOKEN=fbtok://page:${pageId}\nWORK_TOKEN="fbtok://work/bot"\nPORT=3000\nGREETING='hi there'\n`);
    const out = file('env2.json');
    const r = await runExec(['--dotenv', envFile, '--', NODE, '-e', dumpEnv(out, ['PAGE_ACCESS_TOKEN', 'WORK_TOKEN', 'PORT', 'GREETING'])], fx.env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).env).toEqual({ PAGE_ACCESS_TOKEN: pageToken, WORK_TOKEN: otherProfileToken, PORT: '3000', GREETING: 'hi there' });
    const missing = await runExec(['--dotenv', file('no-such.env'), '--', NODE, '-e', '0'], fx.env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: Cannot read --dotenv .*no-such\.env \(ENOENT\)/m);
  });

  it('--env-file (which Node.js reads for itself) is refused with exit 2 naming --dotenv; the program never starts', async () => {
    const envFile = file('node-owned.env');
    writeFileSync(envFile, `PAGE_ACCESS_TOKEN=fbtok://page:${pageId}\n`);
    const marker = file('env-file-marker');
    const touch = `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`;
    for (const args of [['--env-file', envFile], [`--env-file=${envFile}`], ['--env', 'T=user', '--env-file', envFile]]) {
      const r = await runExec([...args, '--', NODE, '-e', touch], fx.env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^error: --env-file is an option of Node\.js/m);
      expect(r.stderr).toContain('fbtok exec --dotenv FILE -- COMMAND');
      expect(existsSync(marker)).toBe(false);
    }
    // After `--` it belongs to the program: a child node reads it as usual.
    writeFileSync(envFile, 'GREETING=from-node\n');
    const out = file('env-child-node.json');
    const child = await runExec(['--env', 'T=user', '--', NODE, '--env-file', envFile, '-e', dumpEnv(out, ['GREETING'])], fx.env);
    expect(child.code, child.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).env).toEqual({ GREETING: 'from-node' });
  });

  it('--app-secret-env hands over the app secret', async () => {
    const out = file('env3.json');
    const r = await runExec(['--app-secret-env', 'APP_SECRET', '--', NODE, '-e', dumpEnv(out, ['APP_SECRET'])], fx.env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).env).toEqual({ APP_SECRET: fx.emu.appSecret });
  });

  it('an unknown token name is exit 2 with a remedy, and the child never starts', async () => {
    const marker = file('unknown-marker');
    const r = await runExec(['--env', 'T=user', '--env', 'P=page:999', '--', NODE, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`], fx.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: No token named "page:999"/m);
    expect(r.stderr).toContain('fbtok page-tokens');
    expect(r.stderr).toContain('`fbtok token list` shows the stored names');
    expect(existsSync(marker)).toBe(false);
    const ref = await runExec(['--env', 'T=fbtok://nobody/user', '--', NODE, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`], fx.env);
    expect(ref.code).toBe(2);
    expect(ref.stderr).toContain('profile "nobody"');
    expect(existsSync(marker)).toBe(false);
  });

  it('a malformed --env is exit 2 before anything starts', async () => {
    const r = await runExec(['--env', 'PAGE_ACCESS_TOKEN', '--', NODE, '-e', '0'], fx.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('NAME=TOKEN-NAME');
  });

  it('a program that is not found is exit 127 with a one-line error', async () => {
    const r = await runExec(['--env', 'T=user', '--', 'fbtok-no-such-program-xyz'], fx.env);
    expect(r.code).toBe(127);
    expect(r.stderr).toMatch(/^error: Command not found: fbtok-no-such-program-xyz\n/);
    expectNoSecrets(r, [userToken]);
  });

  it('--check debugs every token in one batched call and starts the child when all are fit', async () => {
    fx.emu.resetRequests();
    const marker = file('check-ok');
    const r = await runExec(['--check', '--env', 'U=user', '--env', `P=page:${pageId}`, '--', NODE, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`], fx.env);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(marker)).toBe(true);
    expect(fx.emu.requests.filter((q) => q.path === '/' || q.path.startsWith('/debug_token'))).toHaveLength(1);
  });

  it('--check refuses an invalidated token (exit 3) and a token expiring within --min-valid (exit 8)', async () => {
    const marker = file('check-refused');
    const touch = `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`;
    const dead = fx.emu.issueUserToken({ lifetime: 'long' });
    await fx.importToken(dead, 'dead');
    fx.emu.invalidateToken(dead);
    const r = await runExec(['--check', '--env', 'T=dead', '--', NODE, '-e', touch], fx.env);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('"dead" is not valid');
    expect(r.stderr).toContain('logged out. The program was not started.'); // Facebook's full stop, not two
    expect(r.stderr).not.toMatch(/\.\./);
    await fx.cli(['status', '--check']); // marks it invalid in the store
    const marked = await runExec(['--env', 'T=dead', '--', NODE, '-e', touch], fx.env);
    expect(marked.code).toBe(3);
    expect(marked.stderr).toMatch(/is no longer valid \(.*logged out\); the program was not started\./);
    expect(existsSync(marker)).toBe(false);

    const short = fx.emu.issueUserToken({ lifetime: 'short' });
    await fx.importToken(short, 'short');
    const soon = await runExec(['--check', '--env', 'T=short', '--', NODE, '-e', touch], fx.env);
    expect(soon.code).toBe(8);
    expect(soon.stderr).toContain('--min-valid');
    // One cause line and one remedy line, which names each way out once.
    const [cause, remedy, ...rest] = soon.stderr.trimEnd().split('\n');
    expect(rest).toEqual([]);
    expect(cause).toMatch(/^error: The token "short" expires in .*, less than --min-valid 1d\. The program was not started\.$/);
    expect(remedy).toBe('  Run `fbtok rotate` (it says when only `fbtok login` can renew it), or lower --min-valid.');
    expect(existsSync(marker)).toBe(false);
    const lenient = await runExec(['--check', '--min-valid', '10m', '--env', 'T=short', '--', NODE, '-e', touch], fx.env);
    expect(lenient.code, lenient.stderr).toBe(0);
    expect(existsSync(marker)).toBe(true);
    expectNoSecrets(r, [dead]);
  });

  it('--rotate-within rotates a due token before the child starts, and hands over the new one', async () => {
    const short = fx.emu.issueUserToken({ lifetime: 'short' });
    await fx.importToken(short, 'rot');
    const out = file('env-rotated.json');
    const r = await runExec(['--rotate-within', '1d', '--env', 'T=rot', '--', NODE, '-e', dumpEnv(out, ['T'])], fx.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Rotated rot before starting.');
    const handed = JSON.parse(readFileSync(out, 'utf8')).env.T as string;
    expect(handed).toMatch(/^EAA/);
    expect(handed).not.toBe(short);
    expect(r.stdout).toBe('');
    expectNoSecrets(r, [short, handed]);
  });
});
