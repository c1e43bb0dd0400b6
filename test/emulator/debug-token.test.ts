import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { appToken, debug, get } from './helpers.js';

let emu: Emulator;
let now: number;
beforeEach(async () => { now = 1_750_000_000_000; emu = await startEmulator({ now: () => now }); });
afterEach(async () => { await emu.close(); });

const nowSec = () => Math.floor(now / 1000);

describe('debug_token', () => {
  it('describes a short-lived user token without issued_at', async () => {
    const data = await debug(emu, emu.issueUserToken());
    expect(data).toMatchObject({
      app_id: emu.appId, type: 'USER', application: 'Emulated App', is_valid: true,
      expires_at: nowSec() + 3600, data_access_expires_at: nowSec() + 7_776_000, user_id: emu.user.id,
    });
    expect(data).not.toHaveProperty('issued_at');
    expect(data).not.toHaveProperty('profile_id');
    expect(data.scopes).toContain('pages_show_list');
    const pagesScope = data.granular_scopes.find((g: any) => g.scope === 'pages_show_list');
    expect(pagesScope.target_ids).toEqual(emu.pages.map((p) => p.id));
    expect(data.granular_scopes.find((g: any) => g.scope === 'public_profile')).toEqual({ scope: 'public_profile' });
  });

  it('gives issued_at to long-lived tokens and expires_at 0 to their Page tokens', async () => {
    const user = emu.issueUserToken({ lifetime: 'long' });
    expect((await debug(emu, user)).issued_at).toBe(nowSec());
    const page = await debug(emu, emu.pageTokenFor(user, emu.pages[1].id));
    expect(page).toMatchObject({ type: 'PAGE', expires_at: 0, issued_at: nowSec(), profile_id: emu.pages[1].id, is_valid: true });
  });

  it('lets Page tokens from a short-lived token expire with it, without issued_at', async () => {
    const user = emu.issueUserToken();
    const pageToken = emu.pageTokenFor(user, emu.pages[0].id);
    const page = await debug(emu, pageToken);
    expect(page.expires_at).toBe(nowSec() + 3600);
    expect(page).not.toHaveProperty('issued_at');
    now += 3601 * 1000;
    const later = await debug(emu, pageToken);
    expect(later.is_valid).toBe(false);
    expect(later.error).toMatchObject({ code: 190, subcode: 463 });
  });

  it('reports system-user tokens with issued_at and expires_at 0 unless expiring', async () => {
    const data = await debug(emu, emu.issueSystemUserToken());
    expect(data).toMatchObject({ type: 'SYSTEM_USER', expires_at: 0, issued_at: nowSec(), user_id: emu.systemUserId });
    expect((await debug(emu, emu.issueSystemUserToken({ expiring: true }))).expires_at).toBe(nowSec() + 5_184_000);
  });

  it('shape 1: an invalid input token answers 200 with is_valid false and data.error.subcode', async () => {
    const token = emu.issueUserToken({ lifetime: 'long' });
    emu.invalidateToken(token, 460);
    const res = await get(emu, '/debug_token', { input_token: token, access_token: appToken(emu) });
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ is_valid: false, type: 'USER', app_id: emu.appId, error: { code: 190, subcode: 460 } });
    expect(res.json.data.error.message).toContain('password');
  });

  it('shape 1b: an expired token reports expires_at in the past and subcode 463', async () => {
    const token = emu.issueUserToken();
    emu.expireToken(token);
    const data = await debug(emu, token);
    expect(data.expires_at).toBeLessThan(nowSec());
    expect(data.error).toMatchObject({ code: 190, subcode: 463 });
  });

  it('shape 2: a malformed input token has no app_id or type', async () => {
    const data = await debug(emu, 'definitely-not-a-token');
    expect(data).toEqual({ error: { code: 190, message: 'Invalid OAuth access token - Cannot parse access token' }, is_valid: false, scopes: [] });
  });

  it('shape 3: a bad caller token is a top-level 400 envelope with code 190', async () => {
    const input = emu.issueUserToken();
    for (const access_token of [`${emu.appId}|wrong`, 'junk']) {
      const res = await get(emu, '/debug_token', { input_token: input, access_token });
      expect(res.status).toBe(400);
      expect(res.json.error).toMatchObject({ code: 190, type: 'OAuthException', fbtrace_id: expect.any(String) });
    }
    const missing = await get(emu, '/debug_token', { input_token: input });
    expect(missing.json.error.code).toBe(190);
  });

  it('describes the app token with only a few fields, and accepts a user token as caller', async () => {
    expect(await debug(emu, appToken(emu))).toEqual({ app_id: emu.appId, type: 'APP', application: 'Emulated App', is_valid: true, scopes: [] });
    const user = emu.issueUserToken();
    const res = await get(emu, '/v25.0/debug_token', { input_token: user, access_token: user });
    expect(res.json.data.is_valid).toBe(true);
  });
});
