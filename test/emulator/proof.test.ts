import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appSecretProof, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { appToken, get, post } from './helpers.js';

let emu: Emulator;
beforeEach(async () => { emu = await startEmulator({ requireAppSecretProof: true }); });
afterEach(async () => { await emu.close(); });

describe('appsecret_proof', () => {
  it('is required with user and Page tokens, with the two exact messages', async () => {
    const user = emu.issueUserToken();
    const missing = await get(emu, '/me', { access_token: user });
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatchObject({ code: 100, message: 'API calls from the server require an appsecret_proof argument' });
    const page = emu.pageTokenFor(user, emu.pages[0].id);
    const wrong = await get(emu, '/me', { access_token: page, appsecret_proof: appSecretProof(user, emu.appSecret) });
    expect(wrong.json.error).toMatchObject({ code: 100, message: 'Invalid appsecret_proof provided in the API argument' });
    const right = await get(emu, '/me', { access_token: page, appsecret_proof: appSecretProof(page, emu.appSecret) });
    expect(right.json.id).toBe(emu.pages[0].id);
  });

  it('is not needed with the app token, and can be switched off', async () => {
    const res = await get(emu, '/debug_token', { input_token: emu.issueUserToken(), access_token: appToken(emu) });
    expect(res.json.data.is_valid).toBe(true);
    emu.setOptions({ requireAppSecretProof: false });
    const user = emu.issueUserToken();
    expect((await get(emu, '/me', { access_token: user })).status).toBe(200);
    // Off only makes it optional: a proof that is sent must still be right (a wrong app secret shows).
    const wrong = await get(emu, '/me', { access_token: user, appsecret_proof: appSecretProof(user, 'not-the-app-secret') });
    expect(wrong.json.error).toMatchObject({ code: 100, message: 'Invalid appsecret_proof provided in the API argument' });
  });

  it('keeps the proof on paging.next and applies the batch proof to fallback items', async () => {
    const user = emu.issueUserToken();
    const proof = appSecretProof(user, emu.appSecret);
    const res = await get(emu, '/me/accounts', { access_token: user, appsecret_proof: proof, limit: '1' });
    expect(new URL(res.json.paging.next).searchParams.get('appsecret_proof')).toBe(proof);
    const batch = await post(emu, '/', { access_token: user, appsecret_proof: proof, batch: JSON.stringify([{ method: 'GET', relative_url: 'me' }]) });
    expect(batch.json[0].code).toBe(200);
  });

  it('is always checked on system-user token generation', async () => {
    emu.setOptions({ requireAppSecretProof: false });
    const admin = emu.issueSystemUserToken();
    const path = `/v26.0/${emu.systemUserId}/access_tokens`;
    const form = { business_app: emu.appId, scope: 'pages_show_list,business_management', access_token: admin };
    expect((await post(emu, path, form)).json.error.message).toBe('API calls from the server require an appsecret_proof argument');
    const res = await post(emu, path, { ...form, appsecret_proof: appSecretProof(admin, emu.appSecret), set_token_expires_in_60_days: 'true' });
    expect(res.json).toEqual({ access_token: expect.stringMatching(/^EAA/) });
    const data = (await get(emu, '/debug_token', { input_token: res.json.access_token, access_token: appToken(emu) })).json.data;
    expect(data).toMatchObject({ type: 'SYSTEM_USER', scopes: ['pages_show_list', 'business_management'], expires_at: expect.any(Number) });
    expect(data.expires_at).toBeGreaterThan(0);
  });
});
