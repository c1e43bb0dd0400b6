// What sits where tokens.json and config.json belong, and what arrives on stdin, as an attacker or an
// accident leaves it: every case ends at once with a documented exit code naming the path, nothing hangs,
// nothing is replaced behind the user's back.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, runCli, tempConfigDir } from '../helpers/run-cli.js';

const SECRET = '0123456789abcdef0123456789abcdef';
let dirs: Array<{ remove(): void }> = [];
let servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
  for (const d of dirs.splice(0)) d.remove();
});

function configDir(): string {
  const d = tempConfigDir();
  dirs.push(d);
  return d.dir;
}

const envFor = (dir: string, extra: Record<string, string> = {}) => ({ FBTOK_CONFIG_DIR: dir, FBTOK_STATE_DIR: join(dir, 'state'), FBTOK_STORE: 'file', ...extra });

// Hung CLIs are killed at 30 s, which shows as a signal: every case here must end by itself.
const cli = (args: string[], dir: string, input = '', extra: Record<string, string> = {}) => runCli(args, { env: envFor(dir, extra), input, timeoutMs: 30_000 });

function expectExit7Naming(r: Awaited<ReturnType<typeof runCli>>, path: string, what: RegExp) {
  expect(r.signal, r.stderr).toBeNull();
  expect(r.code, r.stderr).toBe(7);
  expect(r.stderr).toContain(path);
  expect(r.stderr).toMatch(what);
  expect(r.stderr).not.toMatch(/Unexpected|EISDIR|at .*\.js/);
}

describe('only regular files are opened', () => {
  it.each([
    ['a FIFO', (path: string) => execFileSync('mkfifo', [path]), /named pipe \(FIFO\), not a regular file/],
    ['a directory', (path: string) => mkdirSync(path), /is a directory, not a regular file/],
    ['a device (a link to /dev/zero, which never ends)', (path: string) => symlinkSync('/dev/zero', path), /is a device, not a regular file/],
  ])('tokens.json as %s: token list, status and config get end at once with exit 7 naming the path', async (_label, make, what) => {
    const dir = configDir();
    const path = join(dir, 'tokens.json');
    make(path);
    for (const args of [['token', 'list'], ['status'], ['config', 'get', 'app-secret']]) expectExit7Naming(await cli(args, dir), path, what);
  }, 120_000);

  it('tokens.json as a socket: exit 7 naming the path', async () => {
    const dir = configDir();
    const path = join(dir, 'tokens.json');
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(path, resolve));
    expectExit7Naming(await cli(['token', 'list'], dir), path, /is a socket, not a regular file/);
  });

  it.each([
    ['a directory', (path: string) => mkdirSync(path), /is a directory/],
    ['a FIFO', (path: string) => execFileSync('mkfifo', [path]), /named pipe/],
  ])('config.json as %s: exit 7 naming the path (was exit 1, EISDIR, or a hang)', async (_label, make, what) => {
    const dir = configDir();
    const path = join(dir, 'config.json');
    make(path);
    for (const args of [['token', 'list'], ['config', 'get', 'app-id']]) expectExit7Naming(await cli(args, dir), path, what);
  }, 90_000);
});

describe('a plain-text store others can read is refused', () => {
  it('tokens.json 0644 without a passphrase: exit 7 with the chmod fix, the file untouched; 0600 reads again', async () => {
    const dir = configDir();
    expect((await cli(['config', 'set', 'app-secret', '--stdin'], dir, SECRET)).code).toBe(0);
    const path = join(dir, 'tokens.json');
    chmodSync(path, 0o644);
    const before = readFileSync(path, 'utf8');
    for (const args of [['config', 'get', 'app-secret'], ['token', 'list']]) {
      const r = await cli(args, dir);
      expectExit7Naming(r, path, /mode 0644: other users have access to it/);
      expect(r.stderr).toContain(`chmod 600 '${path}'`);
    }
    const write = await cli(['config', 'set', 'app-secret', '--stdin'], dir, SECRET.replace('0', '1'));
    expect(write.code).toBe(7);
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(statSync(path).mode & 0o777).toBe(0o644);
    chmodSync(path, 0o600);
    expect((await cli(['config', 'get', 'app-secret'], dir)).code).toBe(0);
  });

  it('an encrypted tokens.json 0644 is still read (doctor warns about it)', async () => {
    const dir = configDir();
    const pass = { FBTOK_STORE_PASSPHRASE: 'correct horse battery staple' };
    expect((await cli(['config', 'set', 'app-secret', '--stdin'], dir, SECRET, pass)).code).toBe(0);
    chmodSync(join(dir, 'tokens.json'), 0o644);
    const r = await cli(['config', 'get', 'app-secret', '--json'], dir, '', pass);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ set: true, source: 'store' });
  });
});

describe('a symlinked tokens.json', () => {
  it('is followed: the target is rewritten atomically and the link stays a link', async () => {
    const dir = configDir();
    const elsewhere = configDir();
    const target = join(elsewhere, 'real-tokens.json');
    const link = join(dir, 'tokens.json');
    mkdirSync(dir, { recursive: true });
    symlinkSync(target, link); // dangling until the first write creates the target
    expect((await cli(['config', 'set', 'app-secret', '--stdin'], dir, SECRET)).code).toBe(0);
    expect((await cli(['config', 'set', 'client-token', '--stdin'], dir, 'fedcba9876543210fedcba9876543210')).code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readFileSync(target, 'utf8')).toContain('config:client-token');
    const r = await cli(['config', 'get', 'app-secret', '--json'], dir);
    expect(JSON.parse(r.stdout)).toMatchObject({ set: true, source: 'store' });
  });
});

describe('stdin is read with a limit', () => {
  /** Feeds the CLI an endless stream until it exits; returns how it ended and how much it took in. */
  function endless(args: string[], dir: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; fed: number }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...envFor(dir) }, stdio: ['pipe', 'pipe', 'pipe'] });
      const chunk = Buffer.alloc(64 * 1024, 'A');
      let fed = 0;
      let stderr = '';
      let open = true;
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.stdout.resume();
      child.stdin.on('error', () => (open = false));
      const feed = () => {
        while (open && child.stdin.write(chunk)) fed += chunk.length;
        if (open) fed += chunk.length;
      };
      child.stdin.on('drain', feed);
      feed();
      const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('close', (code, signal) => {
        open = false;
        clearTimeout(killer);
        resolve({ code, signal, stderr, fed });
      });
    });
  }

  it.each([
    [['token', 'import', '--token-stdin']],
    [['config', 'set', 'app-secret', '--stdin']],
    [['config', 'set', 'app-id', '--stdin']],
  ])('an endless stream into `%s` is exit 2 at once, having read a few KB', async (args) => {
    const dir = configDir();
    const r = await endless(args, dir);
    expect(r.signal, r.stderr).toBeNull();
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/stdin holds more than 16 KB, and one token or secret was expected|The token on stdin is not an access token: it is over 8 KB/);
    // It stopped reading: the pipe filled (64 KB) and closed long before a memory problem could start.
    expect(r.fed).toBeLessThan(16 * 1024 * 1024);
  }, 90_000);
});
