import { afterEach, describe, expect, it } from 'vitest';
import { parsePageTokensFlags } from '../../src/commands/page-tokens.js';
import { expectNoSecrets, maskTimes, setUp, type Fixture } from './token-fixture.js';

describe('page-tokens', () => {
  let f: Fixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('follows paging over 350 Pages with limit=100: one debug_token, four /me/accounts calls', async () => {
    f = await setUp({ pages: 350 });
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    f.emu.resetRequests();
    const r = await f.cli(['page-tokens', '--token-stdin', '--json'], { input: user });
    expect(r.code, r.stderr).toBe(0);
    const records = JSON.parse(r.stdout);
    expect(records).toHaveLength(350);
    expect(f.emu.requestCount('/me/accounts')).toBe(4);
    expect(f.emu.requests.filter((q) => q.path === '/me/accounts').every((q) => q.query.limit === '100')).toBe(true);
    expect(f.emu.requestCount('/debug_token')).toBe(1);
    // Plus the Page tokens' own lifetimes: one batched debug_token per 50 Pages, sent side by side.
    expect(f.emu.requests.filter((q) => q.method === 'POST' && q.path === '/')).toHaveLength(7);
    expect(f.emu.requests).toHaveLength(12);
    const page = f.emu.pages[349];
    expect(records[349]).toMatchObject({ name: `page:${page.id}`, type: 'PAGE', subjectId: page.id, subjectName: page.name, expiresAt: null, obtainedVia: 'page-tokens', tasks: page.tasks });
    expect(records[0].scopes).toContain('pages_messaging');
    expect(records[0].derivedFrom).toMatch(/^[0-9a-f]{8,}$/);
    expectNoSecrets(r, [user, f.emu.pageTokenFor(user, page.id)]);
    const listed = await f.json<Array<{ name: string }>>(['token', 'list']);
    expect(listed.filter((x) => x.name.startsWith('page:'))).toHaveLength(350);
  });

  it('--page limits the Pages; --no-save stores nothing; an unmanaged --page alone is exit 4', async () => {
    f = await setUp({ pages: 5 });
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    await f.importToken(user);
    const [a, , c] = f.emu.pages;
    const r = await f.cli(['page-tokens', '--page', a.id, '--page', c.id, '--no-save', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).map((x: { subjectId: string }) => x.subjectId)).toEqual([a.id, c.id]);
    expect(r.stderr).toContain('--no-save');
    expect((await f.json<unknown[]>(['token', 'list'])).length).toBe(1);
    const none = await f.cli(['page-tokens', '--page', '999']);
    expect(none.code).toBe(4);
    expect(none.stderr).toContain('999');
    const bad = await f.cli(['page-tokens', '--page', 'abc']);
    expect(bad.code).toBe(2);
  });

  it('warns when the user token is short-lived; its Page tokens expire with it', async () => {
    f = await setUp({ pages: 2 });
    const user = f.emu.issueUserToken({ lifetime: 'short' });
    const r = await f.cli(['page-tokens', '--token-stdin', '--json'], { input: user });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: The user token is short-lived.*fbtok exchange-long-lived/);
    const records = JSON.parse(r.stdout);
    const expires = Date.parse(records[0].expiresAt);
    expect(expires - Date.now()).toBeGreaterThan(0);
    expect(expires - Date.now()).toBeLessThan(3 * 3_600_000);
  });

  it('a short-lived user token does not replace stored Page tokens that outlive it (unless --force); the others are stored', async () => {
    f = await setUp({ pages: 3 });
    const [a, b, c] = f.emu.pages;
    const long = f.emu.issueUserToken({ lifetime: 'long' });
    await f.importToken(long);
    expect((await f.cli(['page-tokens', '--page', a.id, '--page', b.id])).code).toBe(0);
    const tokenOf = async (id: string) => (await f!.cli(['token', 'get', `page:${id}`])).stdout.trim();
    const keptToken = await tokenOf(a.id);
    f.emu.invalidateToken(await tokenOf(b.id)); // dead, though its record says it never expires

    const short = f.emu.issueUserToken({ lifetime: 'short' });
    f.emu.resetRequests();
    const r = await f.cli(['page-tokens', '--token-stdin', '--json'], { input: short });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: The user token is short-lived/);
    expect(r.stderr).toContain('Stored 2 Page tokens as page:<id>');
    expect(r.stderr).toMatch(new RegExp(`warning: Kept 1 stored Page token that never expires \\(the new one would expire in \\d+[hm].*\\): ${a.name} \\(${a.id}\\)\\. Pass --force to replace it anyway\\.`));
    // The stored ones that outlive the new ones (a, b) in one batch, then the written tokens' own lifetimes.
    expect(f.emu.requests.filter((q) => q.method === 'POST' && q.path === '/').map((q) => q.batchSize)).toEqual([2, 2]);
    expect(await tokenOf(a.id)).toBe(keptToken);
    expect(await tokenOf(b.id)).toBe(f.emu.pageTokenFor(short, b.id));
    expect(await tokenOf(c.id)).toBe(f.emu.pageTokenFor(short, c.id));
    const shown = JSON.parse(r.stdout) as Array<{ name: string; expiresAt: string | null }>;
    expect(shown.map((x) => [x.name, x.expiresAt === null])).toEqual([[`page:${a.id}`, true], [`page:${b.id}`, false], [`page:${c.id}`, false]]);

    const forced = await f.cli(['page-tokens', '--token-stdin', '--force'], { input: short });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).not.toContain('Kept');
    expect(await tokenOf(a.id)).toBe(f.emu.pageTokenFor(short, a.id));
  });

  it('when checking the longer-lived stored tokens fails, they are kept unchecked and the rest stored', async () => {
    f = await setUp({ pages: 2 });
    const [a, b] = f.emu.pages;
    await f.importToken(f.emu.issueUserToken({ lifetime: 'long' }));
    expect((await f.cli(['page-tokens', '--page', a.id])).code).toBe(0);
    const keptToken = (await f.cli(['token', 'get', `page:${a.id}`])).stdout.trim();
    const short = f.emu.issueUserToken({ lifetime: 'short' });
    // Every batch (POST /: the new tokens' lifetimes, the check of the kept one) hits a rate limit.
    f.emu.injectFault({ kind: 'rate-limit', code: 4, path: '/', method: 'POST', times: 10 });
    const r = await f.cli(['--max-wait', '0', 'page-tokens', '--token-stdin'], { input: short });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: Could not check the stored Page tokens \(.*\); kept them unchecked/);
    expect(r.stderr).toMatch(/warning: Could not ask Facebook for the new Page tokens' own expiry/);
    expect(r.stderr).toContain('Stored 1 Page token as page:<id>');
    expect((await f.cli(['token', 'get', `page:${a.id}`])).stdout.trim()).toBe(keptToken);
    expect((await f.cli(['token', 'get', `page:${b.id}`])).stdout.trim()).toBe(f.emu.pageTokenFor(short, b.id));
  });

  it('warns about a Page without the MESSAGING task and one without pages_messaging granted', async () => {
    f = await setUp({ pages: [{ id: '501', name: 'Shop', tasks: ['ANALYZE', 'MANAGE'] }, { id: '502', name: 'Bot', tasks: ['MESSAGING', 'MANAGE'] }], grantedScopes: ['public_profile', 'pages_show_list'] });
    const user = f.emu.issueUserToken({ lifetime: 'long', scopes: ['public_profile', 'pages_show_list'] });
    const r = await f.cli(['page-tokens', '--token-stdin'], { input: user });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: No MESSAGING task on Shop \(501\): a Messenger bot/);
    expect(r.stderr).not.toMatch(/MESSAGING task on .*Bot \(502\)/);
    expect(r.stderr).toMatch(/warning: pages_messaging is not granted for Shop \(501\), Bot \(502\).*fbtok login/);
  });

  it('pages_messaging declined: the warning gives the re-request fix (from /me/permissions), not a config change', async () => {
    const scopes = ['public_profile', 'pages_show_list'];
    f = await setUp({ pages: [{ id: '503', name: 'Desk' }], grantedScopes: scopes, declinedScopes: ['pages_messaging'] });
    const user = f.emu.issueUserToken({ lifetime: 'long', scopes });
    f.emu.resetRequests();
    const r = await f.cli(['page-tokens', '--token-stdin'], { input: user });
    expect(r.code, r.stderr).toBe(0);
    expect(f.emu.requestCount('/me/permissions')).toBe(1);
    expect(r.stderr).toMatch(/warning: pages_messaging is not granted for Desk \(503\).*--auth-type rerequest/);
    expect(r.stderr).not.toMatch(/config set scopes/);
  });

  it('prints a column-aligned table on a non-TTY (golden)', async () => {
    f = await setUp({ pages: [{ id: '601', name: 'Alpha Café', tasks: ['MESSAGING', 'MANAGE'] }, { id: '60200', name: 'B', tasks: ['MESSAGING'] }] });
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    const r = await f.cli(['page-tokens', '--token-stdin'], { input: user });
    expect(r.code, r.stderr).toBe(0);
    expect(maskTimes(r.stdout)).toMatchInlineSnapshot(`
      "PAGE        ID     TASKS             EXPIRES
      Alpha Café  601    MESSAGING,MANAGE  never
      B           60200  MESSAGING         never
      "
    `);
    expect(r.stderr).toBe('Stored 2 Page tokens as page:<id> (derived from the given user token).\n');
  });

  it('works for an app that requires appsecret_proof (each call signed for its own token)', async () => {
    f = await setUp({ pages: 3, requireAppSecretProof: true });
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    const r = await f.cli(['page-tokens', '--token-stdin', '--json'], { input: user });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(3);
    expect(f.emu.requests.find((q) => q.path === '/me/accounts')?.query.appsecret_proof).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an expired or invalid user token is exit 3 with the remedy, and nothing is stored', async () => {
    f = await setUp({ pages: 2 });
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    f.emu.invalidateToken(user, 460);
    const r = await f.cli(['page-tokens', '--token-stdin'], { input: user });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/password changed/i);
    // The listing starts beside the check; its first page fails too, and it goes no further.
    expect(f.emu.requestCount('/me/accounts')).toBeLessThanOrEqual(1);
    expect((await f.cli(['token', 'list', '--json'])).stdout).toBe('[]\n');
  });

  it('parses flags apart from running', () => {
    expect(parsePageTokensFlags({ page: ['1', '2'], save: false })).toEqual({ tokenStdin: false, pages: ['1', '2'], save: false, force: false });
    expect(parsePageTokensFlags({ tokenStdin: true, force: true })).toEqual({ tokenStdin: true, pages: [], save: true, force: true });
    expect(() => parsePageTokensFlags({ page: ['x1'] })).toThrow(/Invalid Page id/);
  });
});
