import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CLI, runCli, type CliResult } from '../helpers/run-cli.js';
import { fingerprint } from '../../src/store/fingerprint.js';
import { expectNoSecrets, setUp, type Fixture } from './token-fixture.js';
import { fakeToken, makeTree, type Tree } from '../scan/tree.js';

const APP_ID = '123456789012345';
const APP_SECRET = randomBytes(16).toString('hex');

describe('fbtok scan', () => {
  let fx: Fixture;
  let live: string;
  let page: string;
  let dead: string;
  const trees: Tree[] = [];

  beforeAll(async () => {
    fx = await setUp({ appId: APP_ID, appSecret: APP_SECRET });
    live = fx.emu.issueUserToken({ lifetime: 'long', scopes: ['pages_show_list', 'pages_messaging'] });
    page = fx.emu.pageTokenFor(live, fx.emu.pages[0].id);
    dead = fx.emu.issueUserToken({ lifetime: 'long' });
    fx.emu.invalidateToken(dead);
  });
  afterAll(() => fx.close());
  afterEach(() => trees.splice(0).forEach((t) => t.remove()));

  const tree = (files: Record<string, string | Buffer>) => {
    const t = makeTree(files);
    trees.push(t);
    return t;
  };
  const scan = (t: Tree, args: string[] = []): Promise<CliResult> => runCli(['scan', ...args], { env: fx.env, cwd: t.dir });
  const all = () => [live, page, dead, APP_SECRET];

  const plantedTree = () =>
    tree({
      '.gitignore': 'secrets.env\n',
      'src/bot.js': `const PAGE_ACCESS_TOKEN = '${page}';\nconst USER = "${live}";\n`,
      'old/config.json': `{\n  "token": "${dead}"\n}\n`,
      'docs/README.md': 'Set PAGE_ACCESS_TOKEN=EAAxxxxxxxx, or EAAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.\n',
      'secrets.env': `PAGE_ACCESS_TOKEN=${live}\n`,
      'assets/logo.png': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), Buffer.from(fakeToken(30) + '+rest')]),
      'node_modules/pkg/index.js': `module.exports = '${live}';`,
    });

  it('exit 0 and no stdout when nothing is found', async () => {
    const r = await scan(tree({ 'a.js': 'const x = a || b; // secret sauce\n', 'README.md': 'EAAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('No Facebook tokens or app secrets found');
  });

  it('exit 10 with file:line kind fingerprint; ignored, node_modules, base64 in a binary and placeholders are not reported', async () => {
    const r = await scan(plantedTree());
    expect(r.code, r.stderr).toBe(10);
    expect(r.stdout.trim().split('\n')).toEqual([
      `old/config.json:2 access-token ${fingerprint(dead)}`,
      `src/bot.js:1 access-token ${fingerprint(page)}`,
      `src/bot.js:2 access-token ${fingerprint(live)}`,
    ]);
    expect(r.stderr).toContain('Run with --check');
    expect(r.stderr).toContain('fbtok revoke');
    expectNoSecrets(r, all());
  });

  it('--check: exit 11, one batched debug_token call, who owns each token and what it can do', async () => {
    fx.emu.resetRequests();
    const r = await scan(plantedTree(), ['--check']);
    expect(r.code, r.stderr).toBe(11);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(`old/config.json:2 access-token ${fingerprint(dead)} dead type=USER user=${fx.emu.user.id} app=${APP_ID} scopes=${lines[0].split('scopes=')[1]}`);
    expect(lines[1]).toBe(`src/bot.js:1 access-token ${fingerprint(page)} live type=PAGE page=${fx.emu.pages[0].id} app=${APP_ID} scopes=${lines[1].split('scopes=')[1]}`);
    expect(lines[2]).toMatch(new RegExp(`^src/bot.js:2 access-token ${fingerprint(live)} live type=USER user=${fx.emu.user.id} app=${APP_ID} scopes=.*pages_messaging`));
    expect(fx.emu.requests.filter((q) => q.path === '/' || q.path.startsWith('/debug_token'))).toHaveLength(1);
    expect(r.stderr).toContain('Live: 2, dead: 1');
    expectNoSecrets(r, all());
  });

  it('--check with only dead tokens is exit 10', async () => {
    const r = await scan(tree({ 'a.js': `t = "${dead}"` }), ['--check']);
    expect(r.code, r.stderr).toBe(10);
    expect(r.stdout).toContain(' dead');
  });

  it('app secrets and app tokens: the profile\'s own is live, an old one dead, another app\'s unverified (counted live)', async () => {
    const old = randomBytes(16).toString('hex');
    const other = randomBytes(16).toString('hex');
    const t = tree({
      'config/app.yml': `facebook:\n  app_id: "${APP_ID}"\n  app_secret: "${APP_SECRET}"\n`,
      'config/old.env': `FB_APP_ID=${APP_ID}\nFB_APP_SECRET=${old}\n`,
      'scripts/debug.sh': `curl "https://graph.facebook.com/debug_token?access_token=987654321098765|${other}"\n`,
    });
    const r = await scan(t, ['--check']);
    expect(r.code, r.stderr).toBe(11);
    expect(r.stdout.trim().split('\n')).toEqual([
      `config/app.yml:3 app-secret ${fingerprint(APP_SECRET)} live app=${APP_ID}`,
      `config/old.env:2 app-secret ${fingerprint(old)} dead app=${APP_ID}`,
      `scripts/debug.sh:1 app-token ${fingerprint(`987654321098765|${other}`)} unverified app=987654321098765`,
    ]);
    expect(r.stderr).toContain('App Dashboard');
    expectNoSecrets(r, [APP_SECRET, old, other]);
  });

  it('--json has the fingerprints, the summary and no token', async () => {
    const r = await runCli(['--json', 'scan', '--check'], { env: fx.env, cwd: plantedTree().dir });
    expect(r.code).toBe(11);
    const out = JSON.parse(r.stdout);
    expect(out.findings.map((f: { fingerprint: string }) => f.fingerprint).sort()).toEqual([dead, page, live].map(fingerprint).sort());
    expect(out.findings[0]).toMatchObject({ file: 'old/config.json', line: 2, kind: 'access-token', status: 'dead' });
    expect(out.summary).toMatchObject({ found: 3, distinct: 3, live: 2, dead: 1 });
    expectNoSecrets(r, all());
  });

  it('--max-size skips larger binaries, and a skipped file is exit 13 naming it and why; a missing path is a usage error', async () => {
    const t = tree({ 'big.js': `"${fakeToken()}"\n${'x'.repeat(5000)}`, 'blob.bin': Buffer.concat([Buffer.alloc(3000), Buffer.from(fakeToken())]) });
    const whole = await scan(t);
    expect(whole.code, whole.stderr).toBe(10);
    expect(whole.stdout.trim().split('\n').map((l) => l.split(' ')[0])).toEqual(['big.js:1', 'blob.bin:1']);
    const small = await scan(t, ['--max-size', '1k']);
    expect(small.code, small.stderr).toBe(10); // the text file is scanned whatever its size
    expect(small.stderr).toMatch(/^ {2}blob\.bin: a binary file 4 KiB over --max-size 1 KiB$/m);
    t.write('big.js', 'clean\n');
    const incomplete = await scan(t, ['--max-size', '1k']);
    expect(incomplete.code, incomplete.stderr).toBe(13);
    expect(incomplete.stderr).toContain('the scan is incomplete (exit 13)');
    expect(incomplete.stderr).toContain('raise --max-size');
    expect(incomplete.stderr).not.toContain('No Facebook tokens or app secrets found;');
    const json = JSON.parse((await runCli(['--json', 'scan', '--max-size', '1k'], { env: fx.env, cwd: t.dir })).stdout);
    expect(json.summary.skippedFiles).toEqual([{ file: 'blob.bin', reason: 'binary-too-large', detail: 3153 }]);
    expect((await scan(t, ['nope'])).code).toBe(2);
  });

  it('--check never calls a cut-off token dead: a match Graph cannot parse is "malformed", and a live token across a chunk boundary is whole', async () => {
    const cut = live.slice(0, 60); // a token cut short in a file (a partial paste)
    const t = tree({
      'partial.js': `const t = "${cut}";\n`,
      'bundle.min.js': `${'a=1;'.repeat(262_130)}"${live}"${'b=2;'.repeat(1000)}`,
    });
    const r = await scan(t, ['--check']);
    expect(r.code, r.stderr).toBe(11);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^bundle\\.min\\.js:1 access-token ${fingerprint(live)} live type=USER`));
    expect(lines[1]).toBe(`partial.js:1 access-token ${fingerprint(cut)} malformed`);
    expect(r.stdout).not.toContain(' dead');
    expect(r.stderr).toContain('not whole tokens (Graph cannot parse them): 1');
    const onlyCut = await scan(tree({ 'partial.js': `const t = "${cut}";\n` }), ['--check']);
    expect(onlyCut.code, onlyCut.stderr).toBe(10);
    expectNoSecrets(r, all());
  });

  it('--history reports a token deleted from the work tree, with the commit that added it', async () => {
    const t = tree({});
    t.git('init', '-q');
    t.write('bot.js', `const t = "${dead}";\n`);
    t.git('add', '.');
    t.git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'add');
    const sha = t.git('rev-parse', 'HEAD').trim();
    t.write('bot.js', 'const t = process.env.T;\n');
    t.git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', 'remove');
    expect((await scan(t)).code).toBe(0);
    const r = await scan(t, ['--history']);
    expect(r.code, r.stderr).toBe(10);
    expect(r.stdout).toBe(`bot.js:1 access-token ${fingerprint(dead)} commit=${sha.slice(0, 12)}\n`);
    const json = JSON.parse((await runCli(['--json', 'scan', '--history', '--since', '1 day ago'], { env: fx.env, cwd: t.dir })).stdout);
    expect(json.findings).toMatchObject([{ file: 'bot.js', line: 1, commit: sha }]);
    const outside = await scan(tree({}), ['--history']);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/^error: git log failed: /m);
  });

  it('--staged scans what would be committed (a pre-commit hook)', async () => {
    const t = tree({});
    t.git('init', '-q');
    t.write('bot.js', 'clean\n');
    t.git('add', 'bot.js');
    const clean = await scan(t, ['--staged']);
    expect(clean.code, clean.stderr).toBe(0);
    t.write('bot.js', `const t = "${dead}";\n`);
    const unstaged = await scan(t, ['--staged']);
    expect(unstaged.code, unstaged.stderr).toBe(0); // not staged yet
    t.git('add', 'bot.js');
    const r = await scan(t, ['--staged']);
    expect(r.code, r.stderr).toBe(10);
    expect(r.stdout).toBe(`bot.js:1 access-token ${fingerprint(dead)}\n`);
  });

  it('--staged outside a git repository is exit 2 saying so, not git\'s complaint about --cached', async () => {
    const t = tree({ 'bot.js': 'clean\n' });
    const r = await scan(t, ['--staged']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: The current directory is not in a git repository \(or not in its work tree\), and --staged scans what git would commit\.$/m);
    expect(r.stderr).toContain('fbtok scan .');
    expect(r.stderr).not.toContain('cached');
    expect(r.stderr.trim().split('\n')).toHaveLength(2);
  });

  it('examples/pre-commit refuses a commit with a token and lets a clean one through', async () => {
    const t = tree({});
    t.git('init', '-q');
    copyFileSync(resolve(import.meta.dirname, '../../examples/pre-commit'), `${t.dir}/.git/hooks/pre-commit`);
    chmodSync(`${t.dir}/.git/hooks/pre-commit`, 0o755);
    // The hook runs the fbtok on PATH: this checkout's CLI.
    t.write('shim/fbtok', `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(`${t.dir}/shim/fbtok`, 0o755);
    const commit = (message: string) => {
      try {
        execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', message], {
          cwd: t.dir,
          env: { ...fx.env, PATH: `${t.dir}/shim:${process.env.PATH}`, HOME: t.dir },
          stdio: 'pipe',
        });
        return { code: 0, stderr: '' };
      } catch (error) {
        const e = error as { status: number; stderr: Buffer };
        return { code: e.status, stderr: e.stderr.toString() };
      }
    };
    t.write('bot.js', `const t = "${dead}";\n`);
    t.git('add', 'bot.js');
    const refused = commit('with a token');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('remove the credential');
    expect(refused.stderr).not.toContain(dead);
    t.write('bot.js', 'const t = process.env.PAGE_ACCESS_TOKEN;\n');
    t.git('add', 'bot.js');
    expect(commit('clean')).toEqual({ code: 0, stderr: '' });
  });
});
