import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorOptions } from '../../src/emulator/index.js';
import type { DoctorJson } from '../../src/doctor/format.js';
import { expectNoSecrets, setUp, type Fixture } from './token-fixture.js';

// doctor never vouches for what it could not check, and its conclusions agree with what the run saw.

async function withTokens(options: EmulatorOptions = {}) {
  const f = await setUp({ pages: 2, ...options });
  const user = f.emu.issueUserToken({ lifetime: 'long' });
  await f.importToken(user);
  const r = await f.cli(['page-tokens']);
  if (r.code !== 0) throw new Error(`page-tokens exited ${r.code}: ${r.stderr}`);
  return { f, user, secrets: [user, f.emu.appSecret, ...f.emu.pages.map((p) => f.emu.pageTokenFor(user, p.id))] };
}

async function doctorJson(f: Fixture, args: string[] = [], env: Record<string, string | undefined> = {}) {
  const r = await f.cli(['doctor', ...args, '--json'], { env });
  return { r, report: JSON.parse(r.stdout) as DoctorJson };
}

const only = (report: DoctorJson, check: string) => {
  const found = report.findings.filter((x) => x.check === check);
  expect(found, check).toHaveLength(1);
  return found[0];
};

const WRONG_SECRET = 'not-the-app-secret-0123456789abcdef';

describe('doctor with a wrong app secret', () => {
  let f: Fixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it.each(['envelope', 'is-valid-false'] as const)(
    'Facebook answering %s: exit 2 naming the app secret fix, a revoked user token "not checked" (never ok), webhooks still checked and fixed with the Page tokens',
    async (wrongAppSecret) => {
      const t = await withTokens({ wrongAppSecret });
      f = t.f;
      // The stored user token is one the user revoked since; the Page tokens come from another, still valid.
      const revoked = f.emu.issueUserToken({ lifetime: 'long' });
      expect((await f.cli(['token', 'import', '--token-stdin', '--force'], { input: revoked })).code).toBe(0);
      f.emu.invalidateToken(revoked, 466);
      const page = f.emu.pages[0];
      const { r, report } = await doctorJson(f, ['--fix-subscriptions'], { FBTOK_APP_SECRET: WRONG_SECRET });
      expect(r.code, r.stdout).toBe(2);
      const credentials = only(report, 'config.app-credentials');
      expect(credentials).toMatchObject({ status: 'fail', exitCode: 2, message: expect.stringContaining('the app secret (or the app id) is wrong') });
      expect(credentials.remedy).toContain('printf %s "$SECRET" | fbtok config set app-secret --stdin');
      expect(credentials.remedy).toContain('FBTOK_APP_SECRET');
      expect(JSON.stringify(report.findings.filter((x) => x.check.startsWith('config')))).not.toMatch(/fbtok login/);
      // The user token was revoked: the record cannot say so, and doctor does not claim it is fine.
      expect(only(report, 'token user')).toMatchObject({ status: 'skip', message: expect.stringMatching(/^not checked: Facebook refuses the app credentials/) });
      expect(report.findings.filter((x) => x.status === 'ok' && x.check.startsWith('token '))).toEqual([]);
      // Webhooks need only the Page tokens: each Page is reported subscribed by --fix-subscriptions.
      for (const p of f.emu.pages) {
        expect(only(report, `messenger page:${p.id}`).message).toMatch(/subscribed to messages \(fixed now/);
        expect(f.emu.subscribedApps(p.id)).toEqual([{ id: f.emu.appId, subscribed_fields: ['messages'] }]);
      }
      expect(f.emu.requests.filter((q) => q.path === `/${page.id}/subscribed_apps` && q.method === 'POST')).toHaveLength(1);
      expectNoSecrets(r, [...t.secrets, revoked, WRONG_SECRET]);
    },
  );

  it('debug-token with a wrong app secret is exit 2 with the app secret fix, not a login', async () => {
    const t = await withTokens({ pages: 1 });
    f = t.f;
    const r = await f.cli(['debug-token', 'user'], { env: { FBTOK_APP_SECRET: WRONG_SECRET } });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('printf %s "$SECRET" | fbtok config set app-secret --stdin');
    expect(r.stderr).not.toMatch(/fbtok login/);
  });
});

describe('doctor conclusions follow the evidence', () => {
  let f: Fixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('a failed app-token probe, then a batched debug_token signed with the same app token that works: the app token works, the tokens are checked', async () => {
    const t = await withTokens({ pages: 1 });
    f = t.f;
    expect((await f.cli(['doctor', '--fix-subscriptions'])).code).toBe(0);
    f.emu.injectFault({ kind: 'http-500', match: '/debug_token', times: 1 });
    const { r, report } = await doctorJson(f, [], { FBTOK_RETRY_BASE_MS: '1' });
    expect(only(report, 'config.app-credentials')).toMatchObject({ status: 'ok', message: expect.stringContaining('batched debug_token') });
    expect(only(report, 'graph.reachable')).toMatchObject({ status: 'warn', message: expect.stringContaining('later calls were answered') });
    expect(only(report, 'token user')).toMatchObject({ status: 'ok', message: expect.stringMatching(/^valid USER token/) });
    expect(r.code, r.stdout).toBe(0);
  });

  it('a Page token whose debug_token could not run but that Facebook refuses on the webhook call fails (exit 3), never "ok"', async () => {
    const t = await withTokens({ pages: 1 });
    f = t.f;
    const page = f.emu.pages[0];
    f.emu.removePageRole(page.id);
    const { r, report } = await doctorJson(f, [], { FBTOK_APP_SECRET: WRONG_SECRET });
    expect(only(report, `token page:${page.id}`).status).toBe('skip');
    expect(report.findings.find((x) => x.check === `messenger page:${page.id}` && x.status === 'fail')).toMatchObject({ exitCode: 3, message: expect.stringContaining('Facebook refuses the Page token') });
    expect(r.code).toBe(2);
  });
});
