import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecretService, type SecretServiceHandle } from '../helpers/secret-service.js';
import { expectNoSecrets, setUp, type Fixture } from './token-fixture.js';
import type { DoctorJson } from '../../src/doctor/format.js';

const run = promisify(execFile);

/** Removes one fbtok entry behind fbtok's back, as another tool (or a keychain reset) would. */
async function clearEntry(env: Record<string, string>, account: string): Promise<void> {
  await run('secret-tool', ['clear', 'service', 'fbtok', 'username', account], { env });
}

/** Puts another secret under an fbtok account behind fbtok's back (its index still records the old one). */
async function replaceEntry(env: Record<string, string>, account: string, secret: string): Promise<void> {
  await clearEntry(env, account);
  await new Promise<void>((resolve, reject) => {
    const child = spawn('secret-tool', ['store', '--label=fbtok', 'service', 'fbtok', 'username', account], { env, stdio: ['pipe', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`secret-tool store exited ${code}`))));
    child.stdin.end(secret);
  });
}

// The index (names, metadata) and the keychain (secrets) must not contradict each other: a real Secret Service.
describe('the index and the keychain disagree', () => {
  let service: SecretServiceHandle;
  let f: Fixture;
  let env: Record<string, string>;
  let user: string;
  let pageA: string;
  beforeAll(async () => {
    service = await startSecretService();
    f = await setUp({ pages: 2 });
    env = { ...service.env, FBTOK_STORE: 'keychain' };
    user = f.emu.issueUserToken({ lifetime: 'long' });
    expect((await f.cli(['token', 'import', '--token-stdin'], { input: user, env })).code).toBe(0);
    const pages = await f.cli(['page-tokens'], { env });
    expect(pages.code, pages.stderr).toBe(0);
    pageA = `page:${f.emu.pages[0].id}`;
    expect((await f.cli(['doctor', '--fix-subscriptions'], { env })).code).toBe(0);
    await clearEntry(service.env, 'default/user');
  });
  afterAll(async () => {
    await f?.close();
    await service?.stop();
  });

  it('token list and plain status still list it from the index alone', async () => {
    const list = await f.cli(['token', 'list', '--json'], { env });
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).map((r: { name: string }) => r.name)).toContain('user');
    const status = await f.cli(['status'], { env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^user\s/m);
  });

  it('token get, exec and token export exit 7 saying the index lists it but the keychain has no entry, with the fix', async () => {
    for (const args of [['token', 'get', 'user'], ['exec', '--env', 'T=user', '--', 'true'], ['token', 'export', 'user'], ['token', 'export']]) {
      const r = await f.cli(args, { env });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(7);
      expect(r.stderr).toMatch(/^error: The index lists "user" but the keychain has no entry for it/m);
      expect(r.stderr).toMatch(/fbtok login.*fbtok token delete user/);
      expect(r.stderr).not.toMatch(/No token named/);
      expect(r.stdout).toBe('');
    }
  });

  it('status --check reports the missing secret and does not exit 0; the rest are still checked', async () => {
    const r = await f.cli(['status', '--check', '--json'], { env });
    expect(r.code, r.stderr).toBe(7);
    const tokens = JSON.parse(r.stdout).tokens as Array<{ name: string; state: string; checked: boolean }>;
    expect(tokens.find((t) => t.name === 'user')).toMatchObject({ state: 'missing' });
    expect(tokens.find((t) => t.name === pageA)).toMatchObject({ state: 'ok', checked: true });
    expect(r.stderr).toMatch(/The index lists "user" but the keychain has no entry for it/);
    expectNoSecrets(r, [user]);
  });

  it('doctor reports the missing secret (exit 7) and a secret whose fingerprint the index does not record, with the repair that works', async () => {
    const other = f.emu.issueUserToken({ lifetime: 'long' });
    const pageB = `page:${f.emu.pages[1].id}`;
    const otherPage = f.emu.pageTokenFor(other, f.emu.pages[1].id);
    await replaceEntry(service.env, `default/${pageB}`, otherPage);
    const r = await f.cli(['doctor', '--json'], { env });
    const report = JSON.parse(r.stdout) as DoctorJson;
    expect(r.code, r.stdout).toBe(7);
    const userFinding = report.findings.find((x) => x.check === 'token user')!;
    expect(userFinding).toMatchObject({ status: 'fail', exitCode: 7, message: expect.stringContaining('the index lists user but the keychain has no entry') });
    const mismatch = report.findings.find((x) => x.check === `token ${pageB}` && x.status === 'warn')!;
    expect(mismatch.message).toMatch(/another secret than the index records/);
    expect(mismatch.remedy).toContain(`fbtok token get ${pageB} | fbtok token import --token-stdin --name ${pageB} --force`);
    const status = await f.cli(['status', '--check'], { env });
    expect(status.stderr).toMatch(new RegExp(`holds another secret for "${pageB}" than the index records`));

    // The repair it gives, run as given: the index then records the secret the keychain holds.
    const repair = await run('sh', ['-c', `node "$CLI" token get ${pageB} | node "$CLI" token import --token-stdin --name ${pageB} --force`], {
      env: { ...f.env, ...env, CLI: (await import('../helpers/run-cli.js')).CLI },
    });
    expect(repair.stderr).not.toMatch(/error:/);
    const after = JSON.parse((await f.cli(['doctor', '--json'], { env })).stdout) as DoctorJson;
    expect(after.findings.filter((x) => x.check === `token ${pageB}` && x.status === 'warn')).toEqual([]);
    expectNoSecrets(r, [user, otherPage]);
  });
});
