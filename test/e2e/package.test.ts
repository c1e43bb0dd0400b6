// The package as users get it: what `npm pack` ships, and a global install of that tarball, run for real.
// Targets (issue 15): tarball < 400 kB for the CLI itself, plus what `fbtok mcp` carries bundled (the MCP SDK
// and zod, minified: ~215 kB compressed), so < 600 kB in all; install < 8 MB; no warning from npm; engines
// that hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
/** npm gets this long for a pack or an install (from its cache when it can); the tests allow more. */
const NPM_BOUND_MS = 180_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: Record<string, string | undefined>, cwd = ROOT, input = ''): Promise<Run> {
  return new Promise((done, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), NPM_BOUND_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

/** npm as a user runs it: their HOME (and npm cache); no CI-only settings, no colour. */
const npmEnv = () => ({ PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', NO_COLOR: '1', npm_config_update_notifier: 'false' });
// --ignore-scripts: prepack would rebuild dist/ under the feet of other test files; npm test has built it.
const npm = (args: string[], cwd = ROOT) => run('npm', [...args, '--ignore-scripts'], npmEnv(), cwd);

function apparentSize(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + apparentSize(join(path, name)), 0);
}

/** Does `version` satisfy an engines range such as "^18.17.0 || >=20.5.0" (the forms npm packages use)? */
export function satisfies(version: string, range: string): boolean {
  const v = version.split('.').map(Number);
  const cmp = (a: number[], b: number[]) => (a[0] - b[0] || (a[1] ?? 0) - (b[1] ?? 0) || (a[2] ?? 0) - (b[2] ?? 0));
  return range.replace(/([<>]=?|=|\^|~)\s+/g, '$1').split('||').some((alt) =>
    alt
      .trim()
      .split(/\s+/)
      .every((part) => {
        const m = /^(>=|>|<=|<|\^|~|=)?v?(\d+(?:\.\d+){0,2})/.exec(part);
        if (!m) return part === '*' || part === '';
        const b = m[2].split('.').map(Number);
        const c = cmp(v, b);
        switch (m[1]) {
          case '>=': return c >= 0;
          case '>': return c > 0;
          case '<=': return c <= 0;
          case '<': return c < 0;
          case '^': return c >= 0 && v[0] === b[0];
          case '~': return c >= 0 && v[0] === b[0] && v[1] === (b[1] ?? v[1]);
          default: return c === 0;
        }
      }),
  );
}

describe('npm pack', () => {
  it('ships the bundles and their loader only, under 600 kB (400 kB without the MCP bundle), nothing twice', async () => {
    const r = await npm(['pack', '--dry-run', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const [packed] = JSON.parse(r.stdout) as [{ size: number; unpackedSize: number; files: { path: string }[] }];
    const files = packed.files.map((f) => f.path).sort();
    expect(files).toEqual(
      ['README.md', 'bin/fbtok.cjs', 'bin/load-bundle.cjs', 'bin/user-cache.cjs', 'dist/cli/direct.cjs', 'dist/cli/fbtok.cjs', 'dist/cli/help.txt', 'dist/cli/mcp.cjs', 'dist/cli/undici.cjs', 'package.json'].sort(),
    );
    expect(packed.size).toBeLessThan(600_000);
    const mcp = gzipSync(readFileSync(join(ROOT, 'dist/cli/mcp.cjs'))).length;
    expect(packed.size - mcp).toBeLessThan(400_000);
    // The bundles carry commander and undici: the package does not install them a second time.
    for (const bundled of ['commander', 'undici', '@modelcontextprotocol/server', 'zod']) expect(Object.keys(pkg.dependencies)).not.toContain(bundled);
    const main = readFileSync(join(ROOT, 'dist/cli/fbtok.cjs'), 'utf8');
    expect(main).not.toMatch(/\brequire\("(undici|commander)"\)/);
  });

  it('builds in prepack, not in an install script npm would warn about', () => {
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts[script]).toBeUndefined();
    expect(pkg.scripts.prepack).toBe('npm run build');
  });
});

describe('a global install of the tarball', () => {
  let dir: string;
  let prefix: string;
  let install: Run;
  let emu: Emulator;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fbtok-pack-'));
    prefix = join(dir, 'prefix');
    const packed = await npm(['pack', '--pack-destination', dir]);
    expect(packed.code, packed.stderr).toBe(0);
    const tarball = join(dir, `fbtok-${pkg.version}.tgz`);
    install = await npm(['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], dir);
    emu = await startEmulator({ latencyMs: 1 });
  }, 2 * NPM_BOUND_MS + 10_000);

  afterAll(async () => {
    await emu?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const installed = () => join(prefix, 'lib', 'node_modules', 'fbtok');

  it('installs without a warning, in under 8 MB, with only the runtime dependencies', () => {
    expect(install.code, install.stderr).toBe(0);
    expect(install.stderr).toBe('');
    expect(install.stdout).not.toMatch(/warn/i);
    expect(apparentSize(prefix)).toBeLessThan(8 * 1024 * 1024);
    const modules = join(installed(), 'node_modules');
    for (const bundled of ['commander', 'undici', 'typescript', 'esbuild']) expect(existsSync(join(modules, bundled))).toBe(false);
  });

  it('every installed runtime dependency supports the Node versions engines promises', () => {
    expect(pkg.engines.node).toBe('>=20.18.1');
    const floor = pkg.engines.node.replace('>=', '');
    const unsupported: string[] = [];
    const walk = (modules: string) => {
      if (!existsSync(modules)) return;
      for (const name of readdirSync(modules)) {
        if (name.startsWith('.')) continue;
        if (name.startsWith('@')) {
          for (const sub of readdirSync(join(modules, name))) check(join(modules, name, sub));
        } else check(join(modules, name));
      }
    };
    const check = (dirOf: string) => {
      const p = JSON.parse(readFileSync(join(dirOf, 'package.json'), 'utf8'));
      const range = p.engines?.node;
      if (range && !satisfies(floor, range)) unsupported.push(`${p.name} ${range}`);
      walk(join(dirOf, 'node_modules'));
    };
    walk(join(installed(), 'node_modules'));
    expect(unsupported).toEqual([]);
  });

  it('runs: --version, and a Graph call through the bundled undici; the first run leaves a code cache for the next', async () => {
    const home = join(dir, 'home');
    const env = { PATH: `${join(prefix, 'bin')}:${process.env.PATH}`, HOME: home, LANG: 'C.UTF-8', FBTOK_STORE: 'file', FBTOK_CONFIG_DIR: join(home, 'cfg'), FBTOK_GRAPH_URL: emu.url, FBTOK_APP_ID: emu.appId, FBTOK_APP_SECRET: emu.appSecret };
    const fbtok = (args: string[], input = '') => run(join(prefix, 'bin', 'fbtok'), args, env, dir, input);
    expect((await fbtok(['--version'])).stdout.trim()).toBe(pkg.version);
    const token = emu.issueUserToken({ lifetime: 'long' });
    // Left by an earlier install: this Node's is replaced, another Node's is kept.
    const cacheDir = join(home, '.cache', 'fbtok');
    mkdirSync(cacheDir, { recursive: true });
    const stale = `fbtok.cjs-1-1-${process.version}-${process.arch}.cache`;
    const otherNode = `fbtok.cjs-1-1-v99.0.0-${process.arch}.cache`;
    for (const name of [stale, otherNode]) writeFileSync(join(cacheDir, name), 'not a cache');
    const imported = await fbtok(['token', 'import', '--token-stdin'], token);
    expect(imported.code, imported.stderr).toBe(0);
    const caches = () => (existsSync(cacheDir) ? readdirSync(cacheDir) : []);
    expect(caches().filter((f) => f.startsWith('fbtok.cjs-') && f !== otherNode)).toHaveLength(1);
    expect(caches()).not.toContain(stale);
    expect(caches()).toContain(otherNode);
    const checked = await fbtok(['debug-token', 'user', '--json']);
    expect(checked.code, checked.stderr).toBe(0);
    expect(JSON.parse(checked.stdout)).toMatchObject({ valid: true });
    expect(caches().some((f) => f.startsWith('undici.cjs-'))).toBe(true);
    // The second run starts from those caches and behaves the same.
    const again = await fbtok(['debug-token', 'user', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ valid: true });
  });
});
