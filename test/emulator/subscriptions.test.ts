import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { get, post } from './helpers.js';

let emu: Emulator;
beforeEach(async () => { emu = await startEmulator({ pages: [{}, { tasks: ['ANALYZE'] }] }); });
afterEach(async () => { await emu.close(); });

describe('subscribed_apps', () => {
  it('sets and reads the subscription with the Page token', async () => {
    const [page] = emu.pages;
    const token = emu.pageTokenFor(emu.issueUserToken(), page.id);
    expect((await get(emu, `/v26.0/${page.id}/subscribed_apps`, { access_token: token })).json).toEqual({ data: [] });
    const set = await post(emu, `/v26.0/${page.id}/subscribed_apps`, { access_token: token, subscribed_fields: 'messages,messaging_postbacks' });
    expect(set.json).toEqual({ success: true });
    expect((await get(emu, `/${page.id}/subscribed_apps`, { access_token: token })).json).toEqual({
      data: [{ id: emu.appId, name: 'Emulated App', subscribed_fields: ['messages', 'messaging_postbacks'] }],
    });
  });

  it('refuses user tokens, other Pages\' tokens, and Pages without a managing task', async () => {
    const user = emu.issueUserToken();
    const [a, b] = emu.pages;
    expect((await get(emu, `/${a.id}/subscribed_apps`, { access_token: user })).json.error.code).toBe(210);
    const other = emu.pageTokenFor(user, b.id);
    expect((await get(emu, `/${a.id}/subscribed_apps`, { access_token: other })).json.error).toMatchObject({ code: 100, error_subcode: 33 });
    expect((await get(emu, `/${b.id}/subscribed_apps`, { access_token: other })).json.error.code).toBe(200);
  });

  it('needs pages_manage_metadata', async () => {
    emu.setOptions({ grantedScopes: ['public_profile', 'pages_show_list'] });
    const token = emu.pageTokenFor(emu.issueUserToken(), emu.pages[0].id);
    const res = await get(emu, `/${emu.pages[0].id}/subscribed_apps`, { access_token: token });
    expect(res.json.error).toMatchObject({ code: 200, message: expect.stringContaining('pages_manage_metadata') });
  });
});
