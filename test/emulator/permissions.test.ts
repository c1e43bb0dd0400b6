import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { appToken, debug, del, get } from './helpers.js';

let emu: Emulator;
beforeEach(async () => { emu = await startEmulator({ declinedScopes: ['pages_messaging'] }); });
afterEach(async () => { await emu.close(); });

describe('permissions', () => {
  it('lists granted and declined permissions', async () => {
    const res = await get(emu, '/v26.0/me/permissions', { access_token: emu.issueUserToken() });
    expect(res.json.data).toContainEqual({ permission: 'pages_show_list', status: 'granted' });
    expect(res.json.data).toContainEqual({ permission: 'pages_messaging', status: 'declined' });
  });

  it('DELETE /me/permissions de-authorizes: user and Page tokens fail with 190/458 afterwards', async () => {
    const user = emu.issueUserToken({ lifetime: 'long' });
    const other = emu.issueUserToken();
    const page = emu.pageTokenFor(user, emu.pages[0].id);
    const res = await del(emu, '/v26.0/me/permissions', { access_token: user });
    expect(res.json).toEqual({ success: true });
    for (const token of [user, other, page]) {
      const me = await get(emu, '/me', { access_token: token });
      expect(me.status).toBe(400);
      expect(me.json.error).toMatchObject({ code: 190, error_subcode: 458, type: 'OAuthException' });
      expect((await debug(emu, token)).error.subcode).toBe(458);
    }
    const fresh = emu.issueUserToken();
    expect((await get(emu, '/me', { access_token: fresh })).status).toBe(200);
  });

  it('the app token may de-authorize by user id, and one permission can be removed', async () => {
    const user = emu.issueUserToken();
    const one = await del(emu, `/${emu.user.id}/permissions/pages_show_list`, { access_token: user });
    expect(one.json).toEqual({ success: true });
    expect((await debug(emu, user)).scopes).not.toContain('pages_show_list');
    expect((await get(emu, '/me/accounts', { access_token: user })).json.error.code).toBe(200);
    const all = await del(emu, `/${emu.user.id}/permissions`, { access_token: appToken(emu) });
    expect(all.json).toEqual({ success: true });
    expect((await debug(emu, user)).is_valid).toBe(false);
  });

  it('supports ?method=delete on GET', async () => {
    const user = emu.issueUserToken();
    const res = await get(emu, '/me/permissions', { access_token: user, method: 'delete' });
    expect(res.json).toEqual({ success: true });
    expect((await debug(emu, user)).error.subcode).toBe(458);
  });
});
