import { chmod, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDoctorFlags } from '../../src/commands/doctor.js';
import type { EmulatorOptions } from '../../src/emulator/index.js';
import type { DoctorJson } from '../../src/doctor/format.js';
import { expectNoSecrets, setUp, type Fixture } from './token-fixture.js';
import { requireFreshBuild, startWorker } from '../helpers/store-worker.js';

const ALL_TASKS = ['ANALYZE', 'ADVERTISE', 'MODERATE', 'CREATE_CONTENT', 'MANAGE', 'MESSAGING'];

/** An emulator, a stored long-lived user token and its Page tokens, all through the CLI. */
async function withTokens(options: EmulatorOptions = {}): Promise<{ f: Fixture; user: string; secrets: string[] }> {
  const f = await setUp({ pages: 2, ...options });
  const user = f.emu.issueUserToken({ lifetime: 'long' });
  await f.importToken(user);
  const r = await f.cli(['page-tokens']);
  if (r.code !== 0) throw new Error(`page-tokens exited ${r.code}: ${r.stderr}`);
  const secrets = [user, f.emu.appSecret, ...f.emu.pages.map((p) => f.emu.pageTokenFor(user, p.id))];
  return { f, user, secrets };
}

async function doctorJson(f: Fixture, args: string[] = [], env: Record<string, string | undefined> = {}) {
  const r = await f.cli(['doctor', ...args, '--json'], { env });
  return { r, report: JSON.parse(r.stdout) as DoctorJson };
}

const byCheck = (report: DoctorJson, check: string) => report.findings.filter((x) => x.check === check);
const failed = (report: DoctorJson) => report.findings.filter((x) => x.status === 'fail');

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('doctor', () => {
  let f: Fixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('a store lock held by another fbtok is a warning naming its pid, and free again once it is gone', async () => {
    requireFreshBuild();
    const t = await withTokens();
    f = t.f;
    const holder = startWorker({ kind: 'file', configDir: f.env.FBTOK_CONFIG_DIR, ops: [{ op: 'hold-lock' }] });
    try {
      const { locked } = await holder.waitFor((e) => 'locked' in e);
      const { report } = await doctorJson(f);
      expect(byCheck(report, 'store.lock')).toEqual([expect.objectContaining({ status: 'warn', exitCode: 0 })]);
      expect(byCheck(report, 'store.lock')[0].message).toContain(`pid ${locked}`);
    } finally {
      holder.child.kill('SIGTERM');
      await holder.exit;
    }
    const { report } = await doctorJson(f);
    expect(byCheck(report, 'store.lock')).toEqual([expect.objectContaining({ status: 'ok', message: 'free' })]);
  });

  it('healthy set-up: exit 0, every finding in the --json shape, no secret printed', async () => {
    const t = await withTokens();
    f = t.f;
    const fixed = await f.cli(['doctor', '--fix-subscriptions']);
    expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
    const { r, report } = await doctorJson(f);
    expect(r.code, r.stdout).toBe(0);
    expect(Object.keys(report)).toEqual(['findings', 'summary']);
    for (const x of report.findings) {
      expect(Object.keys(x)).toEqual(['check', 'status', 'message', 'remedy', 'exitCode']);
      expect(['ok', 'warn', 'skip']).toContain(x.status);
      expect(x.exitCode).toBe(0);
    }
    expect(report.summary).toMatchObject({ fail: 0, exitCode: 0 });
    expect(report.summary.ok).toBe(report.findings.filter((x) => x.status === 'ok').length);
    const checks = report.findings.map((x) => x.check);
    expect(checks).toEqual(expect.arrayContaining(['config.app-id', 'config.app-secret', 'config.graph-version', 'config.app-credentials', 'store.reachable', 'store.lock', 'store.permissions', 'store.encryption', 'graph.reachable', 'clock', 'token user']));
    for (const page of f.emu.pages) {
      expect(byCheck(report, `token page:${page.id}`)[0].status).toBe('ok');
      expect(byCheck(report, `messenger page:${page.id}`)).toEqual([expect.objectContaining({ status: 'ok', message: expect.stringContaining('subscribed to messages') })]);
    }
    expect(byCheck(report, 'graph.reachable')[0].message).toMatch(/answered in \d+ ms/);
    expect(byCheck(report, 'clock')[0].status).toBe('ok');
    // The file store without FBTOK_STORE_PASSPHRASE: a warning, which does not fail the run.
    expect(byCheck(report, 'store.encryption')[0]).toMatchObject({ status: 'warn', remedy: expect.stringContaining('FBTOK_STORE_PASSPHRASE') });
    expect(r.stderr).toMatch(/^doctor: \d+ ok, 1 warning, 0 failed, \d+ skipped; exit 0\n$/);
    expectNoSecrets(r, t.secrets);
    expectNoSecrets(fixed, t.secrets);
  });

  it('human output: one line per finding on stdout with its fix, words without colour, the summary on stderr', async () => {
    const t = await withTokens({ pages: 1 });
    f = t.f;
    const r = await f.cli(['doctor']);
    expect(r.code).toBe(2);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(line).toMatch(/^(ok  |warn|FAIL|skip) \S/);
    expect(r.stdout).not.toMatch(/[✓✗]/);
    const page = f.emu.pages[0];
    expect(lines.find((l) => l.startsWith(`FAIL messenger page:${page.id}`))).toMatch(/not subscribed.*fix: Run `fbtok doctor --fix-subscriptions --fields messages`/);
    expect(r.stderr).toMatch(/^doctor: .*1 failed.*exit 2 \(configuration\)\n$/);
    expectNoSecrets(r, t.secrets);
  });

  it('an unsubscribed Page fails with the remedy (exit 2: a set-up step, not a permission); --fix-subscriptions subscribes it; the next run is clean', async () => {
    const t = await withTokens();
    f = t.f;
    const [a, b] = f.emu.pages;
    const before = await doctorJson(f, ['--fields', 'messages,messaging_postbacks']);
    expect(before.r.code).toBe(2);
    expect(failed(before.report).map((x) => x.exitCode)).toEqual([2, 2]);
    expect(failed(before.report).map((x) => x.check).sort()).toEqual([`messenger page:${a.id}`, `messenger page:${b.id}`]);
    expect(failed(before.report)[0].remedy).toContain('fbtok doctor --fix-subscriptions --fields messages,messaging_postbacks');
    expect(f.emu.subscribedApps(a.id)).toEqual([]);

    const fix = await doctorJson(f, ['--fix-subscriptions', '--fields', 'messages,messaging_postbacks']);
    expect(fix.r.code, fix.r.stdout).toBe(0);
    expect(byCheck(fix.report, `messenger page:${a.id}`)[0].message).toMatch(/fixed now/);
    for (const page of [a, b]) {
      expect(f.emu.subscribedApps(page.id)).toEqual([{ id: f.emu.appId, subscribed_fields: ['messages', 'messaging_postbacks'] }]);
    }

    f.emu.resetRequests();
    const after = await doctorJson(f, ['--fields', 'messages,messaging_postbacks']);
    expect(after.r.code, after.r.stdout).toBe(0);
    expect(failed(after.report)).toEqual([]);
    expect(f.emu.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/subscribed_apps'))).toEqual([]);
    expectNoSecrets(fix.r, t.secrets);
  });

  it('an expired user token is exit 3 with the login remedy; one batched debug_token checks every token', async () => {
    const t = await withTokens();
    f = t.f;
    await f.cli(['doctor', '--fix-subscriptions']);
    f.emu.expireToken(t.user);
    f.emu.resetRequests();
    const { r, report } = await doctorJson(f);
    expect(r.code).toBe(3);
    expect(report.summary.exitCode).toBe(3);
    expect(byCheck(report, 'token user')[0]).toMatchObject({ status: 'fail', exitCode: 3, message: expect.stringMatching(/not valid.*190\/463/), remedy: expect.stringContaining('fbtok login') });
    expect(byCheck(report, `token page:${f.emu.pages[0].id}`)[0].status).toBe('ok');
    // One batch POST for the three tokens (the probe is its own GET).
    expect(f.emu.requests.filter((q) => q.method === 'POST' && q.path === '/')).toHaveLength(1);
    expect(f.emu.requests.find((q) => q.path === '/')?.batchSize).toBe(3);
    expectNoSecrets(r, t.secrets);
  });

  it('a dead Page token fails its token check once; its Messenger checks are skipped with the reason, not "ok"', async () => {
    const t = await withTokens();
    f = t.f;
    await f.cli(['doctor', '--fix-subscriptions']);
    const [a, b] = f.emu.pages;
    f.emu.invalidateToken(f.emu.pageTokenFor(t.user, a.id));
    f.emu.resetRequests();
    const r = await f.cli(['doctor']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(new RegExp(`^FAIL token page:${a.id} `, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^skip messenger page:${a.id} +${a.name} \\(${a.id}\\): not checked: the Page token is not valid \\(see \`token page:${a.id}\`\\)$`, 'm'));
    expect(r.stdout).not.toMatch(new RegExp(`^(ok  |FAIL) messenger page:${a.id}`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^ok   messenger page:${b.id} `, 'm'));
    // No Page call is made with the dead token.
    expect(f.emu.requests.filter((q) => q.path === `/${a.id}/subscribed_apps`)).toEqual([]);
    expect(f.emu.requests.filter((q) => q.path === `/${b.id}/subscribed_apps`)).toHaveLength(1);
    expectNoSecrets(r, t.secrets);
  });

  it('a Page token without pages_messaging is exit 4 naming the permission', async () => {
    const t = await withTokens({ grantedScopes: ['public_profile', 'pages_show_list', 'pages_manage_metadata'] });
    f = t.f;
    const { r, report } = await doctorJson(f, ['--fix-subscriptions']);
    expect(r.code).toBe(4);
    const fails = failed(report);
    expect(fails.map((x) => x.check).sort()).toEqual(f.emu.pages.map((p) => `messenger page:${p.id}`).sort());
    for (const x of fails) {
      expect(x.message).toMatch(/lacks pages_messaging/);
      expect(x.remedy).toMatch(/pages_messaging.*fbtok login.*fbtok page-tokens/);
    }
  });

  it('a Page where the user has no MESSAGING task fails; the other Page is ready', async () => {
    const t = await withTokens({ pages: [{ id: '701', name: 'Shop', tasks: ['MANAGE', 'CREATE_CONTENT'] }, { id: '702', name: 'Bot', tasks: ALL_TASKS }] });
    f = t.f;
    const { r, report } = await doctorJson(f, ['--fix-subscriptions']);
    expect(r.code).toBe(4);
    expect(failed(report)).toEqual([expect.objectContaining({ check: 'messenger page:701', message: expect.stringMatching(/Shop \(701\): the user has no MESSAGING task/), remedy: expect.stringContaining('Messaging task') })]);
    expect(byCheck(report, 'messenger page:702')[0].status).toBe('ok');
  });

  it('a skewed clock is a warning that names the skew', async () => {
    const t = await withTokens({ pages: 1 });
    f = t.f;
    await f.cli(['doctor', '--fix-subscriptions']);
    f.emu.setClockSkew(3600);
    const { r, report } = await doctorJson(f);
    expect(r.code).toBe(0);
    expect(byCheck(report, 'clock')[0]).toMatchObject({ status: 'warn', message: expect.stringMatching(/local clock is 1h behind Facebook's/), remedy: expect.stringContaining('NTP') });
  });

  it('an unreachable Graph is exit 6 at once; tokens are judged from their records', async () => {
    const t = await withTokens({ pages: 1 });
    f = t.f;
    const port = await closedPort();
    const started = Date.now();
    const { r, report } = await doctorJson(f, [], { FBTOK_GRAPH_URL: `http://127.0.0.1:${port}` });
    expect(Date.now() - started).toBeLessThan(8000);
    expect(r.code).toBe(6);
    expect(byCheck(report, 'graph.reachable')[0]).toMatchObject({ status: 'fail', exitCode: 6 });
    expect(byCheck(report, 'clock')[0].status).toBe('skip');
    // Not checked online: "not checked" with the reason, never "ok" on the record's word.
    expect(byCheck(report, 'token user')[0]).toMatchObject({ status: 'skip', message: expect.stringMatching(/^not checked: Graph is unreachable; the record says USER token/) });
    expect(byCheck(report, 'messenger.webhooks')[0]).toMatchObject({ status: 'skip' });
    expectNoSecrets(r, t.secrets);
  });

  it('--timeout 2 bounds a Graph that does not answer', async () => {
    const t = await withTokens({ pages: 1 });
    f = t.f;
    f.emu.injectFault({ kind: 'hang', match: '/debug_token', times: 1 });
    const started = Date.now();
    const r = await f.cli(['doctor', '--timeout', '2']);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.code).toBe(6);
    expect(r.stdout).toMatch(/^FAIL graph\.reachable /m);
  });

  it('a rate-limited app-token check is exit 5 and says so, not that Facebook rejects the app token', async () => {
    const t = await withTokens({ pages: 1 });
    f = t.f;
    f.emu.injectFault({ kind: 'rate-limit', code: 80001, match: '/debug_token', times: 1 });
    const { r, report } = await doctorJson(f, ['--max-wait', '0']);
    expect(r.code).toBe(5);
    expect(byCheck(report, 'config.app-credentials')[0]).toMatchObject({ status: 'fail', exitCode: 5, message: expect.stringContaining('rate-limited the check of the app token') });
    expect(byCheck(report, 'token user')[0].message).toContain('Facebook is rate-limiting the app');
    expect(JSON.stringify(report)).not.toContain('rejects the app token');
  });

  it('no app secret is exit 2 with the ways to set it', async () => {
    const t = await withTokens({ pages: 1 });
    f = t.f;
    const { r, report } = await doctorJson(f, [], { FBTOK_APP_SECRET: undefined });
    expect(r.code).toBe(2);
    expect(byCheck(report, 'config.app-secret')[0]).toMatchObject({ status: 'fail', exitCode: 2, remedy: expect.stringMatching(/FBTOK_APP_SECRET.*config set app-secret --stdin/) });
    expect(byCheck(report, 'token user')[0].message).toContain('no app id or app secret');
    expect(byCheck(report, 'graph.reachable')[0].status).toBe('ok');
  });

  it('the app secret kept in the store counts', async () => {
    const t = await withTokens({ pages: 1 });
    f = t.f;
    const set = await f.cli(['config', 'set', 'app-secret', '--stdin'], { input: f.emu.appSecret });
    expect(set.code, set.stderr).toBe(0);
    const { report } = await doctorJson(f, [], { FBTOK_APP_SECRET: undefined });
    expect(byCheck(report, 'config.app-secret')[0]).toMatchObject({ status: 'ok', message: 'app secret set (in the file store)' });
    expect(byCheck(report, 'config.app-credentials')[0].status).toBe('ok');
  });

  it('a plain-text token file others can read fails (exit 7): the store refuses it, with the chmod fix', async () => {
    const t = await withTokens({ pages: 1 });
    f = t.f;
    await f.cli(['doctor', '--fix-subscriptions']);
    const file = join(f.env.FBTOK_CONFIG_DIR, 'tokens.json');
    await chmod(file, 0o644);
    await chmod(f.env.FBTOK_CONFIG_DIR, 0o755);
    const { r, report } = await doctorJson(f);
    expect(r.code).toBe(7);
    // The store itself refuses to read plain-text tokens others can read (as ssh does a private key).
    expect(byCheck(report, 'store.reachable')).toEqual([
      expect.objectContaining({ status: 'fail', exitCode: 7, message: expect.stringContaining('mode 0644'), remedy: expect.stringContaining(`chmod 600 '${file}'`) }),
    ]);
  });

  it('an encrypted file store is ok; a file store that cannot be read is exit 7 and skips the token checks', async () => {
    f = await setUp({ pages: 1 });
    const passphrase = { FBTOK_STORE_PASSPHRASE: 'correct horse battery staple' };
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    expect((await f.cli(['token', 'import', '--token-stdin'], { input: user, env: passphrase })).code).toBe(0);
    const { report } = await doctorJson(f, [], passphrase);
    expect(byCheck(report, 'store.encryption')[0]).toMatchObject({ status: 'ok', message: expect.stringContaining('encrypted') });

    await writeFile(join(f.env.FBTOK_CONFIG_DIR, 'tokens.json'), '{ not json', { mode: 0o600 });
    const broken = await doctorJson(f, [], passphrase);
    expect(broken.r.code).toBe(7);
    expect(byCheck(broken.report, 'store.reachable')[0]).toMatchObject({ status: 'fail', exitCode: 7, message: expect.stringContaining('corrupt') });
    expect(byCheck(broken.report, 'tokens')[0].status).toBe('skip');
  });

  it('parses flags apart from running', () => {
    expect(parseDoctorFlags({})).toEqual({ fields: ['messages'], fixSubscriptions: false });
    expect(parseDoctorFlags({ fixSubscriptions: true, fields: 'messages, messaging_postbacks,messages' })).toEqual({ fields: ['messages', 'messaging_postbacks'], fixSubscriptions: true });
    expect(() => parseDoctorFlags({ fields: 'messages,Bad-Field' })).toThrow(/Invalid webhook field "Bad-Field"/);
    expect(() => parseDoctorFlags({ fields: ',' })).toThrow(/--fields/);
  });
});
