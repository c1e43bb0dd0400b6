import { afterEach, describe, expect, it } from 'vitest';
import { parseStatusFlags } from '../../src/commands/status.js';
import { expectNoSecrets, maskTimes, setUp, type Fixture } from './token-fixture.js';

describe('status', () => {
  let f: Fixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('with no tokens: names the store and says how to get one', async () => {
    f = await setUp();
    const r = await f.cli(['status']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Profile "default": file store (`);
    expect(r.stderr).toContain('fbtok login');
  });

  it('offline by default (no Graph call), the human table (golden) and --json', async () => {
    f = await setUp({ pages: [{ id: '801', name: 'Diner' }] });
    const user = f.emu.issueUserToken({ lifetime: 'long', scopes: ['pages_show_list', 'pages_messaging'] });
    await f.importToken(user);
    expect((await f.cli(['page-tokens'])).code).toBe(0);
    f.emu.resetRequests();
    const r = await f.cli(['status']);
    expect(r.code, r.stderr).toBe(0);
    expect(f.emu.requests).toHaveLength(0);
    expect(maskTimes(r.stdout).replace(/\(\/.*\)$/m, '(<path>)')).toMatchInlineSnapshot(`
      "Profile "default": file store (<path>)

      NAME      TYPE  SUBJECT         EXPIRES  DATA ACCESS  STATE  SCOPES
      page:801  PAGE  Diner (801)     never    <span>      ok     pages_show_list,pages_messaging
      user      USER  10000000000042  <span>  <span>      ok     pages_show_list,pages_messaging
      "
    `);
    expectNoSecrets(r, [user]);
    const json = await f.json(['status']);
    expect(json.store.kind).toBe('file');
    expect(json.store.location).toContain(f.env.FBTOK_CONFIG_DIR);
    expect(json.tokens.map((t: { name: string; state: string }) => [t.name, t.state])).toEqual([['page:801', 'ok'], ['user', 'ok']]);
    expect(f.emu.requests).toHaveLength(0);
  });

  it('--fail-within exits 8 when a token expires inside the window, 0 otherwise', async () => {
    f = await setUp();
    await f.importToken(f.emu.issueUserToken({ lifetime: 'long' }));
    expect((await f.cli(['status', '--fail-within', '14d'])).code).toBe(0);
    const due = await f.cli(['status', '--fail-within', '61d']);
    expect(due.code).toBe(8);
    expect(due.stderr).toMatch(/warning: "user" runs out in 59d 23h: run `fbtok login`/);
    expect((await f.json(['status', '--fail-within', '61d'], { code: 8 })).due).toEqual(['user']);
    expect((await f.cli(['status', '--fail-within', 'soon'])).code).toBe(2);
  });

  it('--fail-within: exit 8 for a token due soon, exit 3 for one already marked invalid', async () => {
    f = await setUp();
    const user = f.emu.issueUserToken({ lifetime: 'short' });
    await f.importToken(user);
    expect((await f.cli(['status', '--fail-within', '2h'])).code).toBe(8);
    expect((await f.cli(['status', '--fail-within', '30m'])).code).toBe(0);
    f.emu.invalidateToken(user, 460);
    expect((await f.cli(['debug-token'])).code).toBe(3);
    const r = await f.cli(['status', '--fail-within', '30m']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('"user" is invalid');
  });

  it('--check validates online in one batch and exits 3 when Facebook says a token is dead', async () => {
    f = await setUp({ pages: 3 });
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    await f.importToken(user);
    expect((await f.cli(['page-tokens'])).code).toBe(0);
    f.emu.resetRequests();
    const ok = await f.json(['status', '--check']);
    expect(ok.checked).toBe(true);
    expect(ok.tokens.every((t: { checked: boolean; state: string }) => t.checked && t.state === 'ok')).toBe(true);
    expect(f.emu.requests.map((q) => q.batchSize)).toEqual([4]);
    f.emu.invalidateToken(user, 458);
    const dead = await f.json(['status', '--check'], { code: 3 });
    expect(dead.tokens.filter((t: { state: string }) => t.state === 'invalid')).toHaveLength(4);
    const offline = await f.json(['status']);
    expect(offline.tokens.every((t: { state: string }) => t.state === 'invalid')).toBe(true);
  });

  it('parses flags apart from running', () => {
    expect(parseStatusFlags({ check: true, failWithin: '14d' })).toEqual({ check: true, failWithinMs: 14 * 86_400_000 });
    expect(parseStatusFlags({})).toEqual({ check: false, failWithinMs: undefined });
    expect(() => parseStatusFlags({ failWithin: 'x' })).toThrow(/--fail-within/);
  });
});
