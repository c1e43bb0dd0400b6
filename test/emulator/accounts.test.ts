import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { get, getUrl } from './helpers.js';

let emu: Emulator;
afterEach(async () => { await emu?.close(); });

describe('/me and /me/accounts', () => {
  it('follows paging.next over 250 Pages with limit 100 in three requests', async () => {
    emu = await startEmulator({ pages: 250 });
    const token = emu.issueUserToken({ lifetime: 'long' });
    const seen: string[] = [];
    let res = await get(emu, '/v26.0/me/accounts', { access_token: token, fields: 'id,name,access_token', limit: '100' });
    for (;;) {
      expect(res.status).toBe(200);
      seen.push(...res.json.data.map((p: any) => p.id));
      expect(res.json.paging.cursors).toEqual({ before: expect.any(String), after: expect.any(String) });
      if (!res.json.paging.next) break;
      const next = new URL(res.json.paging.next);
      expect(next.origin).toBe(emu.url);
      expect(next.pathname).toBe('/v26.0/me/accounts');
      expect(next.searchParams.get('access_token')).toBe(token);
      expect(next.searchParams.get('limit')).toBe('100');
      expect(next.searchParams.get('after')).toBe(res.json.paging.cursors.after);
      res = await getUrl(res.json.paging.next);
    }
    expect(seen).toEqual(emu.pages.map((p) => p.id));
    expect(emu.requestCount('/me/accounts')).toBe(3);
    expect(res.json.paging.previous).toContain('before=');
  });

  it('defaults to 25 items, caps limit at 100, and returns full items', async () => {
    emu = await startEmulator({ pages: 130 });
    const token = emu.issueUserToken({ lifetime: 'long' });
    expect((await get(emu, '/me/accounts', { access_token: token })).json.data).toHaveLength(25);
    const big = await get(emu, '/me/accounts', { access_token: token, limit: '500' });
    expect(big.json.data).toHaveLength(100);
    expect(big.json.data[0]).toEqual({
      id: emu.pages[0].id, name: emu.pages[0].name, access_token: emu.pageTokenFor(token, emu.pages[0].id),
      category: 'Software', category_list: [{ id: '2211', name: 'Software' }],
      tasks: ['ANALYZE', 'ADVERTISE', 'MODERATE', 'CREATE_CONTENT', 'MANAGE', 'MESSAGING'],
    });
  });

  it('omits a Page after removePageRole and kills its Page tokens with 190/492', async () => {
    emu = await startEmulator();
    const token = emu.issueUserToken({ lifetime: 'long' });
    const pageToken = emu.pageTokenFor(token, emu.pages[0].id);
    emu.removePageRole(emu.pages[0].id);
    const res = await get(emu, '/me/accounts', { access_token: token });
    expect(res.json.data.map((p: any) => p.id)).toEqual([emu.pages[1].id, emu.pages[2].id]);
    expect(res.json.paging).not.toHaveProperty('next');
    const me = await get(emu, '/me', { access_token: pageToken });
    expect(me.json.error).toMatchObject({ code: 190, error_subcode: 492 });
    const one = await get(emu, `/${emu.pages[0].id}`, { access_token: token, fields: 'access_token' });
    expect(one.json.error).toMatchObject({ code: 100, error_subcode: 33, type: 'GraphMethodException' });
  });

  it('needs pages_show_list', async () => {
    emu = await startEmulator({ grantedScopes: ['public_profile'] });
    const res = await get(emu, '/me/accounts', { access_token: emu.issueUserToken() });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe(200);
    expect(res.json.error.message).toContain('pages_show_list');
  });

  it('answers /me for user and Page tokens, and 2500 without a token', async () => {
    emu = await startEmulator({ user: { id: '77', name: 'Test Person' } });
    const token = emu.issueUserToken();
    expect((await get(emu, '/v26.0/me', { access_token: token, fields: 'id,name' })).json).toEqual({ id: '77', name: 'Test Person' });
    const pageToken = emu.pageTokenFor(token, emu.pages[2].id);
    expect((await get(emu, '/me', { access_token: pageToken })).json).toEqual({ id: emu.pages[2].id, name: emu.pages[2].name });
    expect((await get(emu, '/me')).json.error.code).toBe(2500);
    const unknownField = await get(emu, '/me', { access_token: token, fields: 'id,shoe_size' });
    expect(unknownField.json.error.message).toBe('(#100) Tried accessing nonexisting field (shoe_size) on node type (User)');
  });

  it('hands out one Page token through GET /{page-id}?fields=access_token', async () => {
    emu = await startEmulator({ pages: [{ name: 'Bakery', category: 'Bakery', tasks: ['MESSAGING'] }] });
    const token = emu.issueUserToken();
    const res = await get(emu, `/v26.0/${emu.pages[0].id}`, { access_token: token, fields: 'access_token,name,tasks' });
    expect(res.json).toEqual({ access_token: emu.pageTokenFor(token, emu.pages[0].id), name: 'Bakery', tasks: ['MESSAGING'] });
    const unknown = await get(emu, '/123456', { access_token: token });
    expect(unknown.json.error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it('mints a new Page token string per call by default (all stay valid); pageTokenStrings "same" keeps one', async () => {
    emu = await startEmulator({ pages: 1 });
    const token = emu.issueUserToken({ lifetime: 'long' });
    const id = emu.pages[0].id;
    const viaNode = async () => (await get(emu, `/${id}`, { access_token: token, fields: 'access_token' })).json.access_token as string;
    const viaList = async () => (await get(emu, '/me/accounts', { access_token: token, fields: 'access_token' })).json.data[0].access_token as string;
    const fresh = [await viaNode(), await viaList(), await viaNode()];
    expect(new Set(fresh).size).toBe(3);
    expect(emu.pageTokenFor(token, id)).toBe(fresh[2]);
    for (const page of fresh) expect((await get(emu, '/me', { access_token: page })).json).toEqual({ id, name: emu.pages[0].name });
    emu.setOptions({ pageTokenStrings: 'same' });
    expect([await viaNode(), await viaList()]).toEqual([fresh[2], fresh[2]]);
  });
});
