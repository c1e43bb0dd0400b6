// The CI recipes in examples/ run for real against the emulator: the script the GitHub Actions workflow
// calls (CI=true, no stdin, $GITHUB_OUTPUT a temp file), the cron lines, and the monitoring command.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { CLI } from '../helpers/run-cli.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const ROOT = resolve(EXAMPLES, '..');
const VERSION: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
/** Where rotate-tokens.yml says to copy rotate-tokens.sh, and runs it from. */
const SCRIPT_COPY = '.github/scripts/rotate-tokens.sh';
const WORKFLOWS = ['rotate-tokens.yml', 'monitor.yml', 'scan-ci.yml'];
const DAY_S = 86_400;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a shell command line the way a runner or cron does: no TTY, no stdin, only the given environment. */
function sh(command: string, env: Record<string, string>, cwd: string): Promise<Run> {
  return new Promise((done, reject) => {
    const child = spawn('bash', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/** The `run:` commands of a workflow, in order; `run: |` blocks joined line by line. */
function runSteps(yaml: string): string[] {
  const lines = yaml.split('\n');
  const runs: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(?:-\s+)?run:\s*(.*)$/.exec(lines[i]);
    if (!m) continue;
    if (m[2] !== '|') {
      runs.push(m[2].trim());
      continue;
    }
    const block: string[] = [];
    while (i + 1 < lines.length && (lines[i + 1].trim() === '' || /^\s+/.exec(lines[i + 1])![0].length > m[1].length + 2)) block.push(lines[++i].trim());
    runs.push(block.filter(Boolean).join('\n'));
  }
  return runs;
}

/** `KEY: value` pairs of the workflow's job-level env block. */
function jobEnv(yaml: string): Record<string, string> {
  const block = /\n    env:\n((?:      .+\n)+)/.exec(yaml)?.[1] ?? '';
  return Object.fromEntries(block.trim().split('\n').map((l) => l.trim().split(/:\s+(.*)/s).slice(0, 2) as [string, string]));
}

describe('CI recipes', () => {
  let emu: Emulator;
  let dir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    emu = await startEmulator({ latencyMs: 3, pages: 2, extendLongLivedOnExchange: true });
    dir = mkdtempSync(join(tmpdir(), 'fbtok-ci-'));
    // `fbtok` on PATH, as `npm install --global fbtok` puts it there.
    writeFileSync(join(dir, 'fbtok'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(join(dir, 'fbtok'), 0o755);
    env = {
      PATH: `${dir}:${process.env.PATH}`,
      HOME: dir,
      LANG: 'C.UTF-8',
      CI: 'true',
      GITHUB_OUTPUT: join(dir, 'github-output'),
      FBTOK_CONFIG_DIR: join(dir, '.fbtok'),
      FBTOK_STORE_PASSPHRASE: 'correct horse battery staple',
      FBTOK_GRAPH_URL: emu.url,
      FBTOK_APP_ID: emu.appId,
      FBTOK_APP_SECRET: emu.appSecret,
    };
  });

  afterEach(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const fbtok = async (args: string, extra: Record<string, string> = {}) => sh(`fbtok ${args}`, { ...env, FBTOK_STORE: 'file', ...extra }, dir);
  const outputs = () => (existsSync(env.GITHUB_OUTPUT) ? readFileSync(env.GITHUB_OUTPUT, 'utf8') : '');
  const outputValue = (text: string, name: string) => new RegExp(`^${name}<<(\\S+)\\n(.*)\\n\\1$`, 'm').exec(text)?.[2];

  it('the workflow runs the script with the file store, an encrypted passphrase from secrets, cached between runs', () => {
    const yaml = readFileSync(join(EXAMPLES, 'rotate-tokens.yml'), 'utf8');
    // It runs the script from where its header says to copy it.
    expect(runSteps(yaml)).toContain(`bash ${SCRIPT_COPY}`);
    expect(yaml).toContain(`Copy examples/rotate-tokens.sh into your repository as ${SCRIPT_COPY}`);
    const e = jobEnv(yaml);
    expect(e.FBTOK_STORE).toBe('file');
    expect(e.FBTOK_STORE_PASSPHRASE).toBe('${{ secrets.FBTOK_STORE_PASSPHRASE }}');
    expect(e.FB_USER_TOKEN).toBe('${{ secrets.FB_USER_TOKEN }}');
    expect(e.FBTOK_CONFIG_DIR).toBe('${{ github.workspace }}/.fbtok');
    expect(yaml).toMatch(/schedule:\n\s+- cron: '[\d*/ ]+'/);
    // The file the script's error messages point to is kept with the run.
    expect([...yaml.matchAll(/path: (\S+)/g)].map((m) => m[1])).toEqual(['.fbtok', 'rotate-result.json', '.fbtok']);
    expect(yaml).toMatch(/uses: actions\/upload-artifact@v4\n\s+with:\n\s+name: rotate-result\n\s+path: rotate-result.json/);
  });

  it('rotate-tokens.sh: imports the secret, rotates what is due, publishes masked outputs; the next run reuses the store', async () => {
    const seed = emu.issueUserToken({ lifetime: 'long', expiresInSeconds: 3 * DAY_S });
    // As the workflow runs it: its own `run:` line, the script copied where the workflow's header says.
    mkdirSync(join(dir, '.github', 'scripts'), { recursive: true });
    copyFileSync(join(EXAMPLES, 'rotate-tokens.sh'), join(dir, SCRIPT_COPY));
    const step = runSteps(readFileSync(join(EXAMPLES, 'rotate-tokens.yml'), 'utf8')).find((r) => r.includes('rotate-tokens.sh'))!;
    const first = await sh(step, { ...env, FB_USER_TOKEN: seed }, dir);
    expect(first.code, first.stderr).toBe(0);
    const user = (await fbtok('token get user')).stdout.trim();
    const pages = ['100000000000101', '100000000000102'];
    const pageTokens = await Promise.all(pages.map(async (id) => (await fbtok(`token get page:${id}`)).stdout.trim()));
    expect(user).not.toBe(seed);
    for (const token of [user, ...pageTokens]) {
      expect(token).toMatch(/^EAA/);
      expect(first.stdout.split('\n')).toContain(`::add-mask::${token}`);
    }
    // The masks come before anything else could print a value.
    expect(first.stdout.trim().split('\n').every((l) => l.startsWith('::add-mask::'))).toBe(true);
    const out = outputs();
    expect(outputValue(out, 'FB_USER_ACCESS_TOKEN')).toBe(user);
    expect(outputValue(out, 'FB_PAGE_100000000000101_ACCESS_TOKEN')).toBe(pageTokens[0]);
    const result = JSON.parse(readFileSync(join(dir, 'rotate-result.json'), 'utf8'));
    expect(result.find((o: { name: string }) => o.name === 'user')).toMatchObject({ action: 'rotated' });
    // The cached file is encrypted: no token in it.
    const file = readFileSync(join(env.FBTOK_CONFIG_DIR, 'tokens.json'), 'utf8');
    for (const token of [seed, user, ...pageTokens]) expect(file.includes(token)).toBe(false);
    expect(first.stderr.includes(seed) || first.stderr.includes(user)).toBe(false);

    // Next day: the store is restored, the same secret is not imported again over the rotated token.
    rmSync(env.GITHUB_OUTPUT);
    const second = await sh(`bash ${join(EXAMPLES, 'rotate-tokens.sh')}`, { ...env, FB_USER_TOKEN: seed }, dir);
    expect(second.code, second.stderr).toBe(0);
    expect(outputValue(outputs(), 'FB_USER_ACCESS_TOKEN')).toBe(user);
    expect(JSON.parse(readFileSync(join(dir, 'rotate-result.json'), 'utf8')).map((o: { action: string }) => o.action)).toEqual(['skipped', 'skipped', 'skipped']);
  });

  it('rotate-tokens.sh: a token only a login can renew still publishes, fails the job with exit 8 and says what to do', async () => {
    emu.setOptions({ extendLongLivedOnExchange: false });
    const seed = emu.issueUserToken({ lifetime: 'long', expiresInSeconds: 3 * DAY_S });
    const r = await sh(`bash ${join(EXAMPLES, 'rotate-tokens.sh')}`, { ...env, FB_USER_TOKEN: seed }, dir);
    expect(r.code).toBe(8);
    expect(r.stdout).toContain(`::add-mask::${seed}`);
    expect(r.stdout).toMatch(/^::error::A token expires within 10d and only a new login renews it: run `fbtok login`.*\(details in rotate-result.json, printed below\)/m);
    expect(outputValue(outputs(), 'FB_USER_ACCESS_TOKEN')).toBe(seed);
    // Where the message points: the result, in the log, without the token.
    const printed = r.stderr.slice(r.stderr.indexOf('--- rotate-result.json\n') + '--- rotate-result.json\n'.length);
    expect(r.stderr).toContain('--- rotate-result.json\n');
    expect(JSON.parse(printed)).toEqual(JSON.parse(readFileSync(join(dir, 'rotate-result.json'), 'utf8')));
    expect(r.stderr.includes(seed)).toBe(false);
  });

  it('rotate-tokens.sh refuses to run without the passphrase, before touching anything', async () => {
    const { FBTOK_STORE_PASSPHRASE: _, ...without } = env;
    const r = await sh(`bash ${join(EXAMPLES, 'rotate-tokens.sh')}`, { ...without, FB_USER_TOKEN: 'EAAxxxxxxxxxxxxxxxxxxxxxxxxx' }, dir);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('FBTOK_STORE_PASSPHRASE');
    expect(existsSync(join(env.FBTOK_CONFIG_DIR, 'tokens.json'))).toBe(false);
    expect(emu.requests).toHaveLength(0);
  });

  it('the cron lines run as written (paths swapped for temp files)', async () => {
    const seed = emu.issueUserToken({ lifetime: 'long', expiresInSeconds: 12 * DAY_S });
    writeFileSync(join(dir, 'passphrase'), env.FBTOK_STORE_PASSPHRASE, { mode: 0o600 });
    expect((await sh(`printf %s "$T" | fbtok token import --token-stdin`, { ...env, FBTOK_STORE: 'file', T: seed }, dir)).code).toBe(0);
    const cron = readFileSync(join(EXAMPLES, 'cron.txt'), 'utf8').split('\n').filter((l) => /^[\d*]/.test(l));
    expect(cron).toHaveLength(2);
    const commandOf = (line: string) =>
      line
        .split(/\s+/)
        .slice(5)
        .join(' ')
        .replaceAll('/etc/fbtok/passphrase', join(dir, 'passphrase'))
        .replaceAll('/var/log/fbtok-rotate.log', join(dir, 'rotate.log'))
        .replaceAll('/usr/local/share/fbtok/hooks', join(EXAMPLES, 'hooks'))
        .replaceAll('/srv/bot/.env', join(dir, 'bot.env'));
    const { FBTOK_STORE_PASSPHRASE: _, ...cronEnv } = env;
    const rotate = await sh(commandOf(cron[0]), cronEnv, dir);
    expect(rotate.code, rotate.stderr).toBe(0);
    const log = readFileSync(join(dir, 'rotate.log'), 'utf8');
    expect(log).toContain('"action": "rotated"');
    expect(log.includes(seed)).toBe(false);
    // The deploy hook ran (only "user" changed, so the .env recipe had nothing to write).
    expect(log).toContain('Ran 1 deploy hook.');
    const monitor = await sh(commandOf(cron[1]), cronEnv, dir);
    expect(monitor.code).toBe(0);
    expect(monitor.stdout).toBe('');
  });

  it('the monitoring job fails (exit 8) when a token expires within 14 days, and passes otherwise', async () => {
    const yaml = readFileSync(join(EXAMPLES, 'monitor.yml'), 'utf8');
    const command = runSteps(yaml).find((r) => r.startsWith('fbtok status'));
    expect(command).toBe('fbtok status --fail-within 14d');
    const user = emu.issueUserToken({ lifetime: 'long', expiresInSeconds: 30 * DAY_S });
    expect((await sh(`printf %s "$T" | fbtok token import --token-stdin`, { ...env, FBTOK_STORE: 'file', T: user }, dir)).code).toBe(0);
    expect((await sh(command!, { ...env, ...jobEnvFor(yaml) }, dir)).code).toBe(0);
    const soon = emu.issueUserToken({ lifetime: 'long', expiresInSeconds: 13 * DAY_S });
    expect((await sh(`printf %s "$T" | fbtok token import --token-stdin --name work`, { ...env, FBTOK_STORE: 'file', T: soon }, dir)).code).toBe(0);
    const r = await sh(command!, { ...env, ...jobEnvFor(yaml) }, dir);
    expect(r.code).toBe(8);
    expect(r.stdout + r.stderr).toContain('work');
  });
});

/** The literal (non-expression) values of the job env: FBTOK_STORE=file. */
function jobEnvFor(yaml: string): Record<string, string> {
  return Object.fromEntries(Object.entries(jobEnv(yaml)).filter(([, v]) => !v.includes('${{')));
}

/** A workflow's top-level `env:` (the workflow-wide variables). */
function workflowEnv(yaml: string): Record<string, string> {
  const block = /^env:\n((?: {2}.+\n)+)/m.exec(yaml)?.[1] ?? '';
  return Object.fromEntries(block.trim().split('\n').map((l) => l.trim().split(/:\s+(.*)/s).slice(0, 2) as [string, string]));
}

describe('where the examples get fbtok', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fbtok-source-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('each workflow installs from one pinned source named at the top, this version; none runs npx --yes or an unpinned name', () => {
    for (const name of WORKFLOWS) {
      const yaml = readFileSync(join(EXAMPLES, name), 'utf8');
      const source = workflowEnv(yaml).FBTOK_SOURCE;
      expect(source, name).toBe(`./.github/fbtok-${VERSION}.tgz`);
      expect(yaml.indexOf('FBTOK_SOURCE:'), name).toBeLessThan(yaml.indexOf('jobs:'));
      const runs = runSteps(yaml);
      expect(runs.filter((r) => r.startsWith('npm install')), name).toEqual(['npm install --global --no-audit --no-fund "$FBTOK_SOURCE"']);
      // Commented-out steps count too: a reader copies them.
      expect(yaml, name).not.toMatch(/npx|fbtok@\d+(\.\d+)?\b(?!\.\d)|install (--global |-g )?fbtok\b/);
      // The tarball lives in the repository: the job checks it out before installing.
      expect(yaml.indexOf('actions/checkout@v4'), name).toBeGreaterThan(-1);
      expect(yaml.indexOf('actions/checkout@v4'), name).toBeLessThan(yaml.indexOf('npm install'));
    }
  });

  it('the install step works as written with the pinned tarball, and scan-ci then fails on a committed token', async () => {
    const yaml = readFileSync(join(EXAMPLES, 'scan-ci.yml'), 'utf8');
    const source = workflowEnv(yaml).FBTOK_SOURCE;
    // The tarball a release ships, committed where the workflow names it (built by npm test; no prepack here).
    mkdirSync(join(dir, '.github'));
    const pack = await sh(`npm pack --ignore-scripts --silent --pack-destination "${join(dir, '.github')}" "${ROOT}"`, { PATH: process.env.PATH!, HOME: process.env.HOME! }, dir);
    expect(pack.code, pack.stderr).toBe(0);
    expect(existsSync(join(dir, source))).toBe(true);
    const [install, scan] = runSteps(yaml);
    const prefix = join(dir, 'prefix');
    // As a runner does: the workflow env, npm's global prefix on PATH (setup-node's).
    const runner = { PATH: `${join(prefix, 'bin')}:${process.env.PATH}`, HOME: process.env.HOME!, LANG: 'C.UTF-8', CI: 'true', FBTOK_SOURCE: source, npm_config_prefix: prefix, npm_config_prefer_offline: 'true' };
    const installed = await sh(install, runner, dir);
    expect(installed.code, installed.stderr).toBe(0);
    expect(existsSync(join(prefix, 'bin', 'fbtok'))).toBe(true);
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'bot.js'), 'module.exports = { greeting: "hello" };\n');
    expect(scan).toBe('fbtok scan .');
    const clean = await sh(scan, runner, join(dir, 'src'));
    expect(clean.code, clean.stderr).toBe(0);
    writeFileSync(join(dir, 'src', 'config.js'), `const PAGE_ACCESS_TOKEN = "EAAGm0PX4ZCpsBA${'x7Q2'.repeat(30)}";\n`);
    const found = await sh(scan, runner, join(dir, 'src'));
    expect(found.code).toBe(10);
  }, 4 * 60_000 + 30_000); // two npm runs and two scans, each bounded by sh's 60 s

  describe('pre-commit', () => {
    const token = `EAAGm0PX4ZCpsBA${'k9Vb'.repeat(30)}`;
    /** A repository with the hook installed as its header says, and a file staged. */
    const repo = async (content: string) => {
      const git = (args: string) => sh(`git ${args}`, { PATH: process.env.PATH!, HOME: dir }, dir);
      expect((await git('init -q')).code).toBe(0);
      copyFileSync(join(EXAMPLES, 'pre-commit'), join(dir, '.git', 'hooks', 'pre-commit'));
      chmodSync(join(dir, '.git', 'hooks', 'pre-commit'), 0o755);
      writeFileSync(join(dir, 'config.js'), content);
      expect((await git('add config.js')).code).toBe(0);
    };
    // No fbtok on PATH: only the system's directories (git, sh), and node's for the shims below.
    const bare = () => ({ PATH: '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8', GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.com', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.com' });
    const shim = (where: string) => {
      mkdirSync(where, { recursive: true });
      writeFileSync(join(where, 'fbtok'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
      chmodSync(join(where, 'fbtok'), 0o755);
    };
    const commit = (env: Record<string, string>) => sh('git commit -q -m test', env, dir);

    it('without fbtok anywhere: refuses, says how to install it from the pinned source, and fetches nothing', async () => {
      await repo(`const token = "${token}";\n`);
      const r = await commit(bare());
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('pre-commit: fbtok is not installed, so the staged files cannot be scanned');
      expect(r.stderr).toContain(`npm install --save-dev ./fbtok-${VERSION}.tgz`);
      expect(r.stderr).not.toMatch(/404|npx|--no-verify/);
    });

    it("finds fbtok in the project's node_modules: blocks a staged token, lets a clean file through", async () => {
      await repo(`const token = "${token}";\n`);
      shim(join(dir, 'node_modules', '.bin'));
      const blocked = await commit(bare());
      expect(blocked.code).toBe(1);
      expect(blocked.stderr).toContain('pre-commit: remove the credential(s) above from the staged files');
      expect(blocked.stderr.includes(token)).toBe(false);
      writeFileSync(join(dir, 'config.js'), 'const token = process.env.PAGE_ACCESS_TOKEN;\n');
      expect((await sh('git add config.js', bare(), dir)).code).toBe(0);
      const passed = await commit(bare());
      expect(passed.code, passed.stderr).toBe(0);
    });

    it('finds fbtok on PATH', async () => {
      await repo(`const token = "${token}";\n`);
      shim(join(dir, 'bin'));
      const blocked = await commit({ ...bare(), PATH: `${join(dir, 'bin')}:/usr/bin:/bin` });
      expect(blocked.code).toBe(1);
      expect(blocked.stderr).toContain('pre-commit: remove the credential(s) above');
    });
  });
});
