import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { clientToken, control, debug, post } from './helpers.js';

let emu: Emulator;
let now = 0;
afterEach(async () => { await emu?.close(); });

async function start(opts = {}) {
  now = 1_750_000_000_000;
  emu = await startEmulator({ now: () => now, ...opts });
  const res = await post(emu, '/v26.0/device/login', { access_token: clientToken(emu), scope: 'pages_show_list,business_management' });
  return res.json;
}
const poll = (code: string) => post(emu, '/v26.0/device/login_status', { access_token: clientToken(emu), code });

describe('device login', () => {
  it('issues a code and user code with the documented fields', async () => {
    const login = await start();
    expect(login).toEqual({
      code: expect.any(String), user_code: expect.stringMatching(/^[A-Z0-9]{8}$/),
      verification_uri: 'https://www.facebook.com/device', expires_in: 420, interval: 5,
    });
  });

  it('is pending until approved, then returns a long-lived token once', async () => {
    const login = await start();
    const pending = await poll(login.code);
    expect(pending.status).toBe(400);
    expect(pending.json.error).toMatchObject({ code: 31, error_subcode: 1349174 });
    emu.approveDevice(login.user_code);
    const done = await poll(login.code);
    expect(done.json).toEqual({ access_token: expect.stringMatching(/^EAA/), data_access_expiration_time: expect.any(Number), expires_in: 5_184_000 });
    const data = await debug(emu, done.json.access_token);
    expect(data.scopes).toEqual(expect.arrayContaining(['pages_show_list', 'business_management']));
    expect((await poll(login.code)).json.error.error_subcode).toBe(1349152);
  });

  it('expires after 420 seconds by the clock, or on demand', async () => {
    const login = await start();
    now += 421_000;
    expect((await poll(login.code)).json.error).toMatchObject({ code: 31, error_subcode: 1349152 });
    const second = (await post(emu, '/device/login', { access_token: clientToken(emu) })).json;
    emu.expireDeviceCode(second.user_code);
    expect((await poll(second.code)).json.error.error_subcode).toBe(1349152);
  });

  it('says slow down (17/1349172) when polled faster than interval, if enforced', async () => {
    const login = await start({ enforceDevicePollInterval: true });
    expect((await poll(login.code)).json.error.error_subcode).toBe(1349174);
    const fast = await poll(login.code);
    expect(fast.json.error).toMatchObject({ code: 17, error_subcode: 1349172 });
    now += 5_000;
    expect((await poll(login.code)).json.error.error_subcode).toBe(1349174);
  });

  it('does not enforce the interval by default, but a fault can inject slow down', async () => {
    const login = await start();
    expect((await poll(login.code)).json.error.error_subcode).toBe(1349174);
    expect((await poll(login.code)).json.error.error_subcode).toBe(1349174);
    emu.injectFault({ match: '/device/login_status', kind: 'device-slow-down' });
    expect((await poll(login.code)).json.error).toMatchObject({ code: 17, error_subcode: 1349172 });
    expect((await poll(login.code)).json.error.error_subcode).toBe(1349174);
  });

  it('needs the client token', async () => {
    await start();
    for (const access_token of [`${emu.appId}|${emu.appSecret}`, emu.issueUserToken()]) {
      const res = await post(emu, '/device/login', { access_token });
      expect(res.json.error).toMatchObject({ code: 190, message: 'This method must be called with a client access token' });
    }
  });

  it('can be approved through the control API', async () => {
    const login = await start();
    expect((await control(emu, 'POST', 'device/approve', { user_code: login.user_code.toLowerCase() })).json).toEqual({ success: true });
    expect((await poll(login.code)).json.access_token).toMatch(/^EAA/);
  });
});
