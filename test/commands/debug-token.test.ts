import { afterEach, describe, expect, it } from 'vitest';
import { parseDebugTokenFlags } from '../../src/commands/debug-token.js';
import { expectNoSecrets, maskTimes, setUp, type Fixture } from './token-fixture.js';

const KEYS = ['valid', 'type', 'appId', 'application', 'subjectId', 'userId', 'profileId', 'scopes', 'granularScopes', 'issuedAt', 'expiresAt', 'dataAccessExpiresAt', 'missingScopes', 'missingCauses', 'extraScopes', 'error', 'remedy'];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('debug-token', () => {
  let f: Fixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('--json shows every field of a stored user token, dates as ISO strings', async () => {
    f = await setUp({ pages: 2 });
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    await f.importToken(user);
    const r = await f.cli(['debug-token', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const view = JSON.parse(r.stdout);
    expect(Object.keys(view).sort()).toEqual([...KEYS, 'name'].sort());
    expect(view).toMatchObject({ name: 'user', valid: true, type: 'USER', appId: f.emu.appId, application: 'Emulated App', subjectId: f.emu.user.id, userId: f.emu.user.id, profileId: null, error: null, remedy: null, missingScopes: [], extraScopes: [] });
    expect(view.scopes).toContain('pages_messaging');
    expect(view.granularScopes).toContainEqual({ scope: 'pages_messaging', targetIds: f.emu.pages.map((p) => p.id) });
    expect(view.granularScopes).toContainEqual({ scope: 'public_profile', targetIds: null });
    for (const key of ['issuedAt', 'expiresAt', 'dataAccessExpiresAt']) expect(view[key]).toMatch(ISO);
    expect(Date.parse(view.expiresAt) - Date.now()).toBeGreaterThan(59 * 86_400_000);
    expectNoSecrets(r, [user, f.emu.appSecret]);
  });

  it('a Page token: profile_id, expires never (null), Page names resolved from the store in the human view', async () => {
    f = await setUp({ pages: [{ id: '701', name: 'Corner Shop' }] });
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    await f.importToken(user);
    expect((await f.cli(['page-tokens'])).code).toBe(0);
    const view = await f.json(['debug-token', 'page:701']);
    expect(view).toMatchObject({ type: 'PAGE', profileId: '701', expiresAt: null, valid: true });
    const human = await f.cli(['debug-token', 'page:701']);
    expect(human.code).toBe(0);
    expect(maskTimes(human.stdout)).toMatchInlineSnapshot(`
      "page:701
        valid                    yes
        type                     PAGE
        app                      Emulated App (1000000000001)
        user                     10000000000042
        page                     Corner Shop (701)
        issued                   <date> (<span> ago)
        expires                  never
        data access              <date> (<span> left)
        scopes                   public_profile, pages_show_list, pages_messaging, pages_manage_metadata, pages_read_engagement
          pages_show_list        Corner Shop (701)
          pages_messaging        Corner Shop (701)
          pages_manage_metadata  Corner Shop (701)
          pages_read_engagement  Corner Shop (701)
      "
    `);
    expect(human.stderr).toBe('');
  });

  it('an invalid token: exit 3, the error and its remedy, and the stored record marked invalid', async () => {
    f = await setUp();
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    await f.importToken(user);
    f.emu.invalidateToken(user, 460);
    const r = await f.cli(['debug-token', '--json']);
    expect(r.code).toBe(3);
    const view = JSON.parse(r.stdout);
    expect(view).toMatchObject({ valid: false, error: { code: 190, subcode: 460 } });
    expect(view.remedy).toMatch(/password changed.*fbtok login/i);
    const [record] = await f.json(['token', 'list']);
    expect(record.invalid).toMatchObject({ code: 190, subcode: 460 });
    const human = await f.cli(['debug-token']);
    expect(human.code).toBe(3);
    expect(human.stdout).toMatch(/valid\s+NO/);
    expect(human.stdout).toMatch(/error\s+.*\[code 190\/460\]/);
    expect(human.stdout).toMatch(/remedy\s+The password changed/);
  });

  it('without a name, FBTOK_ACCESS_TOKEN is the token explained (instead of the stored user); a name wins over it', async () => {
    f = await setUp({ pages: 1 });
    await f.importToken(f.emu.issueUserToken({ lifetime: 'long' }));
    const page = f.emu.pageTokenFor(f.emu.issueUserToken({ lifetime: 'long' }), f.emu.pages[0].id);
    const fromEnv = await f.json(['debug-token'], { env: { FBTOK_ACCESS_TOKEN: page } });
    expect(fromEnv).toMatchObject({ valid: true, type: 'PAGE' });
    const named = await f.json(['debug-token', 'user'], { env: { FBTOK_ACCESS_TOKEN: page } });
    expect(named).toMatchObject({ name: 'user', type: 'USER' });
  });

  it('a token Facebook does not know: no "expires never" for it', async () => {
    f = await setUp();
    const r = await f.cli(['debug-token', '--token-stdin'], { input: 'EAAnotatokenFacebookknows0000000000' });
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/valid\s+NO/);
    expect(r.stdout).toMatch(/expires\s+-\n/);
    expect(r.stdout).toMatch(/data access\s+-\n/);
    expect(r.stdout).not.toContain('never');
  });

  it('an expired token (from stdin) is exit 3 with subcode 463', async () => {
    f = await setUp();
    const user = f.emu.issueUserToken({ lifetime: 'short' });
    f.emu.expireToken(user);
    const view = await f.json(['debug-token', '--token-stdin'], { input: user, code: 3 });
    expect(view.error).toMatchObject({ code: 190, subcode: 463 });
    expect(view.remedy).toMatch(/expired/);
    expect(view.name).toBeUndefined();
  });

  it('--require: exit 4 listing the missing permissions and the granted extras as candidates to drop', async () => {
    f = await setUp();
    const user = f.emu.issueUserToken({ lifetime: 'long', scopes: ['public_profile', 'pages_show_list', 'pages_read_engagement'] });
    const r = await f.cli(['debug-token', '--token-stdin', '--require', 'pages_show_list,pages_messaging', '--json'], { input: user });
    expect(r.code).toBe(4);
    const view = JSON.parse(r.stdout);
    expect(view.missingScopes).toEqual(['pages_messaging']);
    // public_profile is always granted and cannot be dropped: never a candidate.
    expect(view.extraScopes).toEqual(['pages_read_engagement']);
    expect(view.remedy).toContain('pages_messaging');
    const ok = await f.cli(['debug-token', '--token-stdin', '--require', 'pages_show_list'], { input: user });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/not required\s+pages_read_engagement \(candidates to drop\)/);
  });

  it('--all checks 200 stored tokens in 4 batch requests, not 200', async () => {
    f = await setUp({ pages: 199 });
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    await f.importToken(user);
    expect((await f.cli(['page-tokens'])).code).toBe(0);
    f.emu.resetRequests();
    const r = await f.cli(['debug-token', '--all', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const views = JSON.parse(r.stdout);
    expect(views).toHaveLength(200);
    expect(views.every((v: { valid: boolean; name: string }) => v.valid && v.name)).toBe(true);
    expect(f.emu.requests).toHaveLength(4);
    expect(f.emu.requests.map((q) => q.batchSize)).toEqual([50, 50, 50, 50]);
    expect(f.emu.requestCount('/debug_token')).toBe(0);
  });

  it('--all: one invalid token makes exit 3 and only that record is marked', async () => {
    f = await setUp({ pages: 2 });
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    await f.importToken(user);
    expect((await f.cli(['page-tokens'])).code).toBe(0);
    f.emu.removePageRole(f.emu.pages[1].id);
    const views = await f.json<Array<{ name: string; valid: boolean; error: { subcode: number } | null }>>(['debug-token', '--all'], { code: 3 });
    expect(views.filter((v) => !v.valid).map((v) => [v.name, v.error?.subcode])).toEqual([[`page:${f.emu.pages[1].id}`, 492]]);
    const records = await f.json<Array<{ name: string; invalid?: unknown }>>(['token', 'list']);
    expect(records.filter((x) => x.invalid).map((x) => x.name)).toEqual([`page:${f.emu.pages[1].id}`]);
  });

  it('works when the app requires appsecret_proof (debug_token uses the app token)', async () => {
    f = await setUp({ requireAppSecretProof: true });
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    const view = await f.json(['debug-token', '--token-stdin'], { input: user });
    expect(view.valid).toBe(true);
  });

  it('an unknown name is exit 2 (usage, not a dead token) naming `fbtok token list`; a missing app secret is exit 2', async () => {
    f = await setUp();
    const r = await f.cli(['debug-token', 'page:42']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('`fbtok token list` shows the stored names');
    expect(f.emu.requestCount()).toBe(0);
    const json = await f.cli(['debug-token', 'nope', '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'TOKEN_NOT_FOUND', exitCode: 2, remedy: '`fbtok token list` shows the stored names.' });
    const noSecret = await f.cli(['debug-token', '--token-stdin'], { input: 'EAAxxxxxxxxxxxxxxxxxxxxxxxxx', env: { FBTOK_APP_SECRET: undefined } });
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toContain('FBTOK_APP_SECRET');
  });

  it('parses flags apart from running', () => {
    expect(parseDebugTokenFlags('page:1', { require: 'a, b' })).toEqual({ name: 'page:1', tokenStdin: false, all: false, require: ['a', 'b'] });
    expect(() => parseDebugTokenFlags('user', { all: true })).toThrow(/--all/);
    expect(() => parseDebugTokenFlags('user', { tokenStdin: true })).toThrow(/not both/);
  });
});
