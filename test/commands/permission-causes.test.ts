import { afterEach, describe, expect, it } from 'vitest';
import type { PermissionDiagnosis } from '../../src/tokens/diagnose-permissions.js';
import { setUp, type Fixture } from './token-fixture.js';

// A missing permission is diagnosed from /me/permissions, and the fix is the one for its cause.
describe('debug-token --require: why a permission is missing', () => {
  let f: Fixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });
  const BASE = ['public_profile', 'pages_show_list', 'pages_manage_metadata'];

  async function requireOn(name: string, scope: string) {
    const r = await f!.cli(['debug-token', name, '--require', scope, '--json']);
    expect(r.code, r.stderr).toBe(4);
    const view = JSON.parse(r.stdout) as { missingCauses: PermissionDiagnosis[]; remedy: string; extraScopes: string[] };
    return view;
  }

  it('declined: re-request it with --auth-type rerequest, not "config set scopes"', async () => {
    f = await setUp({ pages: 1, grantedScopes: [...BASE, 'pages_messaging'], declinedScopes: ['pages_messaging'] });
    await f.importToken(f.emu.issueUserToken({ lifetime: 'long' }));
    const view = await requireOn('user', 'pages_messaging');
    expect(view.missingCauses).toEqual([expect.objectContaining({ scope: 'pages_messaging', cause: 'declined' })]);
    expect(view.remedy).toContain('fbtok login --scopes pages_messaging --auth-type rerequest');
    expect(view.remedy).not.toContain('config set scopes');
    const human = await f.cli(['debug-token', 'user', '--require', 'pages_messaging']);
    expect(human.stdout).toMatch(/missing\s+pages_messaging \(declined\)/);
  });

  it('never asked: add it to the scopes, then log in (or just log in when it is configured already)', async () => {
    f = await setUp({ pages: 1, grantedScopes: BASE });
    await f.importToken(f.emu.issueUserToken({ lifetime: 'long' }));
    expect((await f.cli(['config', 'set', 'scopes', 'public_profile,pages_show_list'])).code).toBe(0);
    const view = await requireOn('user', 'pages_messaging');
    expect(view.missingCauses).toEqual([expect.objectContaining({ cause: 'never-asked' })]);
    expect(view.remedy).toContain('fbtok config set scopes public_profile,pages_show_list,pages_messaging');
    expect(view.remedy).toMatch(/then run `fbtok login`/);
    expect((await f.cli(['config', 'set', 'scopes', 'public_profile,pages_show_list,pages_messaging'])).code).toBe(0);
    expect((await requireOn('user', 'pages_messaging')).remedy).toMatch(/in the configured scopes but the user was not asked since: run `fbtok login`/);
  });

  it('granted to the user token but missing on the Page token: re-derive with fbtok page-tokens', async () => {
    f = await setUp({ pages: 1, grantedScopes: BASE });
    await f.importToken(f.emu.issueUserToken({ lifetime: 'long' }));
    expect((await f.cli(['page-tokens'])).code).toBe(0);
    // Later the user grants pages_messaging; the stored user token is the new one, the Page token the old.
    f.emu.setOptions({ grantedScopes: [...BASE, 'pages_messaging'] });
    const newer = f.emu.issueUserToken({ lifetime: 'long' });
    expect((await f.cli(['token', 'import', '--token-stdin', '--force'], { input: newer })).code).toBe(0);
    const view = await requireOn(`page:${f.emu.pages[0].id}`, 'pages_messaging');
    expect(view.missingCauses).toEqual([expect.objectContaining({ cause: 'missing-on-page-token' })]);
    expect(view.remedy).toContain('run `fbtok page-tokens`');
    expect(view.remedy).not.toMatch(/fbtok login/);
  });

  it('granted by the user, yet the app lacks it in App Review: says so', async () => {
    f = await setUp({ pages: 1, grantedScopes: [...BASE, 'pages_messaging'], unapprovedScopes: ['pages_messaging'] });
    await f.importToken(f.emu.issueUserToken({ lifetime: 'long' }));
    const view = await requireOn('user', 'pages_messaging');
    expect(view.missingCauses).toEqual([expect.objectContaining({ cause: 'not-approved' })]);
    expect(view.remedy).toMatch(/the app lacks access to it: request it in App Review/);
  });

  it('candidates to drop never list public_profile, nor pages_show_list while Page tokens are stored', async () => {
    f = await setUp({ pages: 1 });
    await f.importToken(f.emu.issueUserToken({ lifetime: 'long' }));
    expect((await f.cli(['page-tokens'])).code).toBe(0);
    const view = await f.json(['debug-token', 'user', '--require', 'pages_messaging']);
    expect(view.extraScopes).not.toContain('public_profile');
    expect(view.extraScopes).not.toContain('pages_show_list');
    expect(view.extraScopes).toContain('pages_read_engagement');
  });

  it('doctor: a Page token lacking a declined pages_messaging gets the rerequest fix, not "config set scopes"', async () => {
    f = await setUp({ pages: 1, grantedScopes: [...BASE, 'pages_messaging'], declinedScopes: ['pages_messaging'] });
    await f.importToken(f.emu.issueUserToken({ lifetime: 'long' }));
    expect((await f.cli(['page-tokens'])).code).toBe(0);
    const r = await f.cli(['doctor', '--fix-subscriptions', '--json']);
    expect(r.code, r.stdout).toBe(4);
    const report = JSON.parse(r.stdout) as { findings: Array<{ check: string; status: string; remedy: string | null }> };
    const lacking = report.findings.find((x) => x.check === `messenger page:${f!.emu.pages[0].id}` && x.status === 'fail')!;
    expect(lacking.remedy).toContain('fbtok login --scopes pages_messaging --auth-type rerequest');
    expect(lacking.remedy).not.toContain('config set scopes');
  });
});
