// Deploy and failure hooks on the real CLI: rotate, page-tokens and exchange-long-lived against the emulator,
// hooks that are stand-in executables recording argv, stdin and environment.
import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedUserAndPages, setUpRotation, type RotationFixture } from '../rotate/harness.js';
import { expectNoSecrets } from '../commands/token-fixture.js';
import { makeStandIns, type StandIns } from './stand-in.js';
import { completeInBrowser, freePort, startLogin } from '../auth/login-fixture.js';
import { startCli } from '../helpers/cli-stream.js';

const P1 = 'page:100000000000101';

describe('deploy hooks', () => {
  let f: RotationFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  async function setUp(): Promise<{ f: RotationFixture; s: StandIns; env: Record<string, string>; hookDir: string }> {
    f = await setUpRotation({ extendLongLivedOnExchange: true });
    const s = makeStandIns(f.env.FBTOK_CONFIG_DIR, ['gh', 'reload-bot', 'dir-hook-a', 'dir-hook-b']);
    const hookDir = join(f.env.FBTOK_CONFIG_DIR, 'default', 'hooks', 'deploy');
    return { f, s, env: { PATH: `${s.bin}:${process.env.PATH}` }, hookDir };
  }

  function dirHook(dir: string, name: string, body: string, mode = 0o755): void {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), mode);
  }

  it('rotate: flag hooks then directory hooks in name order, once, with what changed and only the asked secret', async () => {
    const { f, s, env, hookDir } = await setUp();
    const user = await seedUserAndPages(f, 3);
    dirHook(hookDir, '20-second', 'exec dir-hook-b');
    dirHook(hookDir, '10-first', 'exec dir-hook-a "$@"');
    dirHook(hookDir, '30-not-executable', 'exec reload-bot', 0o644);
    const r = await f.cli(['rotate', '--deploy-hook', 'printf %s "$PAGE_TOKEN" | gh secret set FB_PAGE_TOKEN', '--hook-env', `PAGE_TOKEN=${P1}`], { env });
    expect(r.code, r.stderr).toBe(0);
    const page = await f.get(P1);
    const fresh = await f.get('user');
    const calls = s.calls();
    expect(calls.map((c) => c.tool)).toEqual(['gh', 'dir-hook-a', 'dir-hook-b']);
    expect(calls[0].argv).toEqual(['secret', 'set', 'FB_PAGE_TOKEN']);
    expect(calls[0].stdin).toBe(page);
    for (const c of calls) {
      expect(c.env.FBTOK_CHANGED.split(' ').sort()).toEqual([P1, 'page:100000000000102', 'user'].sort());
      expect(c.env).toMatchObject({ FBTOK_PROFILE: 'default', FBTOK_STORE: 'file', FBTOK_HOOK: 'deploy', FBTOK_COMMAND: 'rotate', PAGE_TOKEN: page });
      expect(c.env.FBTOK_APP_SECRET).toBeUndefined();
      expect(c.argv.join(' ')).not.toContain(page);
      expect(Object.values(c.env)).not.toContain(fresh);
    }
    expect(r.stderr).toContain('Ran 3 deploy hooks.');
    expectNoSecrets(r, [user, fresh, page]);
    const audit = f.auditText().trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.action === 'hook');
    expect(audit.map((e) => [e.name, e.outcome])).toEqual([
      ['deploy-hook:printf %s "$PAGE_TOKEN" | gh secret set FB_PAGE_TOKEN', 'ok'],
      ['deploy-hook:10-first', 'ok'],
      ['deploy-hook:20-second', 'ok'],
    ]);
  });

  it('nothing changed: no hook runs', async () => {
    const { f, s, env } = await setUp();
    await seedUserAndPages(f, 50);
    const r = await f.cli(['rotate', '--deploy-hook', 'reload-bot'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('0 rotated');
    expect(s.calls()).toEqual([]);
  });

  it('a failing hook keeps the new token, is reported with its status, audited, and the run exits 9', async () => {
    const { f, s, env } = await setUp();
    const user = await seedUserAndPages(f, 3);
    const r = await f.cli(['rotate', '--json', '--deploy-hook', 'exit 3', '--deploy-hook', 'reload-bot'], { env });
    expect(r.code, r.stderr).toBe(9);
    expect(JSON.parse(r.stdout).find((o: { name: string }) => o.name === 'user').action).toBe('rotated');
    expect(await f.get('user')).not.toBe(user);
    expect(r.stderr).toMatch(/error: deploy hook "exit 3" failed \(exit 3\); the new tokens stay stored\./);
    expect(r.stderr).toContain('fbtok log');
    expect(s.calls().map((c) => c.tool)).toEqual(['reload-bot']);
    const log = await f.cli(['log', '--json']);
    const hooks = JSON.parse(log.stdout).filter((e: { action: string }) => e.action === 'hook');
    expect(hooks.map((e: { outcome: string }) => e.outcome)).toEqual(['failed: exit 3', 'ok']);
  });

  it('a hook past its timeout is stopped and counts as failed (exit 9)', async () => {
    const { f, env } = await setUp();
    await seedUserAndPages(f, 3);
    const r = await f.cli(['rotate', '--hook-timeout', '1s', '--deploy-hook', 'sleep 600'], { env });
    expect(r.code, r.stderr).toBe(9);
    expect(r.stderr).toContain('deploy hook "sleep 600" failed (timed out after 1s)');
  });

  it('Ctrl-C stops a running hook (its process group) and exits 130; the new token stays', async () => {
    const { f } = await setUp();
    const user = await seedUserAndPages(f, 3);
    const cli = startCli(['rotate', '--deploy-hook', 'echo "started $$" >&2; exec sleep 600'], { env: f.env });
    const [, pid] = await cli.waitForStderr(/started (\d+)/);
    cli.child.kill('SIGINT');
    const r = await cli.exited;
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain('failed (killed by SIGTERM)');
    expect(() => process.kill(Number(pid), 0)).toThrow(/ESRCH/);
    expect(await f.get('user')).not.toBe(user);
  });

  it('--dry-run lists the hooks and runs none', async () => {
    const { f, s, env, hookDir } = await setUp();
    await seedUserAndPages(f, 3);
    dirHook(hookDir, 'reload', 'exec reload-bot');
    const r = await f.cli(['rotate', '--dry-run', '--deploy-hook', 'gh secret set X', '--failure-hook', 'gh issue create'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Deploy hooks to run if something changes:\n  gh secret set X\n  reload\n');
    expect(r.stderr).toContain('Failure hooks to run if a token is dead or needs a login:\n  gh issue create\n');
    expect(s.calls()).toEqual([]);
  });

  it('--failure-hook runs when a token is dead (exit 3 kept), with the dead names; deploy hooks do not', async () => {
    const { f, s, env, hookDir } = await setUp();
    const user = await seedUserAndPages(f, 3);
    f.emu.invalidateToken(user, 460);
    dirHook(join(hookDir, '..', 'failure'), 'notify', 'exec dir-hook-a from-dir');
    const r = await f.cli(['rotate', '--deploy-hook', 'gh secret set X', '--failure-hook', 'reload-bot page-someone'], { env });
    expect(r.code, r.stderr).toBe(3);
    const calls = s.calls();
    expect(calls.map((c) => [c.tool, c.argv])).toEqual([['reload-bot', ['page-someone']], ['dir-hook-a', ['from-dir']]]);
    expect(calls[0].env).toMatchObject({ FBTOK_HOOK: 'failure', FBTOK_EXIT_CODE: '3', FBTOK_COMMAND: 'rotate' });
    expect(calls[0].env.FBTOK_FAILED.split(' ')).toContain('user');
  });

  it('hook output reaches stderr without control characters or the secrets it was given', async () => {
    const { f, env } = await setUp();
    await seedUserAndPages(f, 3);
    const r = await f.cli(['rotate', '--hook-env', `T=${P1}`, '--deploy-hook', `printf 'got \\033[31m%s\\n' "$T"`], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('[deploy hook printf \'got \\033[31m%s\\n\' "$T"] got ?[31m<redacted>');
    expect(r.stderr).not.toContain('\u001b');
    expectNoSecrets(r, [await f.get(P1)]);
  });

  it('--hook-env naming no stored token: the hook is not run, exit 9, the change kept', async () => {
    const { f, s, env } = await setUp();
    await seedUserAndPages(f, 3);
    const r = await f.cli(['rotate', '--hook-env', 'T=page:999', '--deploy-hook', 'reload-bot'], { env });
    expect(r.code, r.stderr).toBe(9);
    expect(r.stderr).toContain('not run: no token named "page:999" for --hook-env');
    expect(s.calls()).toEqual([]);
  });

  it('login --pages runs the deploy hooks once, after it stored the user and Page tokens', async () => {
    const { f, s, env } = await setUp();
    const { cli, dialogUrl } = await startLogin(['--no-browser', '--port', String(await freePort()), '--pages', '--deploy-hook', 'reload-bot', '--hook-env', `T=${P1}`], { ...f.env, ...env });
    expect((await completeInBrowser(dialogUrl)).status).toBe(200);
    const r = await cli.exited;
    expect(r.code, r.stderr).toBe(0);
    const calls = s.calls();
    expect(calls).toHaveLength(1);
    expect(calls[0].env.FBTOK_CHANGED.split(' ').sort()).toEqual([P1, 'page:100000000000102', 'user']);
    expect(calls[0].env).toMatchObject({ FBTOK_COMMAND: 'login', T: await f.get(P1) });
  });

  it('page-tokens and exchange-long-lived run deploy hooks after they store', async () => {
    const { f, s, env } = await setUp();
    await f.importToken(f.emu.issueUserToken({ lifetime: 'short' }));
    const pages = await f.cli(['page-tokens', '--deploy-hook', 'reload-bot'], { env });
    expect(pages.code, pages.stderr).toBe(0);
    expect(s.calls()[0].env).toMatchObject({ FBTOK_COMMAND: 'page-tokens', FBTOK_CHANGED: `${P1} page:100000000000102` });
    const exchange = await f.cli(['exchange-long-lived', '--deploy-hook', 'reload-bot'], { env });
    expect(exchange.code, exchange.stderr).toBe(0);
    expect(s.calls()[1].env).toMatchObject({ FBTOK_COMMAND: 'exchange-long-lived', FBTOK_CHANGED: 'user' });
    expect(s.calls()).toHaveLength(2);
  });
});
