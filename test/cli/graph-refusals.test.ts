// What the built CLI reports when Facebook answers in ways fbtok has no rule for, and when the CLI itself
// was never built.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { setUp, type Fixture } from '../commands/token-fixture.js';

describe('Facebook refusals fbtok has no rule for', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await setUp();
    await fx.importToken(fx.emu.issueUserToken({ lifetime: 'long' }));
  });
  afterAll(() => fx.close());

  it('a well-formed envelope with an unknown code is exit 6, "Facebook refused", with its message and fbtrace_id', async () => {
    fx.emu.injectFault({ match: '/debug_token', kind: 'error', code: 12345, message: 'A brand new kind of refusal.' });
    const r = await fx.cli(['debug-token']);
    expect(r.code, r.stderr).toBe(6);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^error: Facebook refused the request: A brand new kind of refusal\. \[code 12345, fbtrace_id [\w-]+\]$/);
    expect(lines[1]).toMatch(/^ {2}\S/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toContain('--verbose for details');

    fx.emu.injectFault({ match: '/debug_token', kind: 'error', code: 12345, message: 'A brand new kind of refusal.' });
    const json = await fx.cli(['debug-token', '--json']);
    expect(json.code).toBe(6);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'GRAPH_12345', exitCode: 6 });
  });

  it('a 5,000-character message is cut to a line a terminal can hold, marked as cut', async () => {
    fx.emu.injectFault({ match: '/debug_token', kind: 'error', code: 12345, message: `Invalid token: ${'x'.repeat(5000)}` });
    const r = await fx.cli(['debug-token']);
    expect(r.code, r.stderr).toBe(6);
    const first = r.stderr.split('\n')[0];
    expect(first.length).toBeLessThan(450);
    expect(first).toMatch(/… \[cut: 5015 characters in all\] \[code 12345, fbtrace_id [\w-]+\]$/);
  });
});

describe('a checkout that was never built', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fbtok-unbuilt-'));
    const repo = resolve(import.meta.dirname, '../..');
    cpSync(join(repo, 'bin'), join(dir, 'bin'), { recursive: true });
    cpSync(join(repo, 'package.json'), join(dir, 'package.json'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([['status'], ['--help'], ['token', 'get', 'user'], ['debug-token', '--json']])('`fbtok %s` says in one line to run npm run build, exit 1, no stack', async (...args) => {
    const r = await new Promise<Awaited<ReturnType<typeof runCli>>>((done) => {
      // The copied bin/, not the repository's: the same file run from a directory without dist/.
      void import('node:child_process').then(({ execFile }) => {
        const child = execFile(process.execPath, [join(dir, 'bin', 'fbtok.cjs'), ...args], { env: { PATH: process.env.PATH } }, (error, stdout, stderr) => {
          done({ code: child.exitCode, signal: null, stdout, stderr });
        });
      });
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: fbtok is not built in ${dir}: run \`npm run build\` there first.\n`);
  });
});
