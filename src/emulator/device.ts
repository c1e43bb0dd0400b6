// Device login (https://developers.facebook.com/docs/facebook-login/for-devices): codes, polling states.
import { authenticate } from './auth.js';
import type { Ctx } from './context.js';
import { splitList } from './context.js';
import { graphError, missingParam, ok, type Reply } from './errors.js';
import type { DeviceCode, EmulatorState } from './state.js';
import { randomBase62 } from './tokens.js';

export const DEVICE_EXPIRES_IN = 420;
export const DEVICE_INTERVAL = 5;
const USER_CODE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const clientTokenRequired = () =>
  graphError({ code: 190, message: 'This method must be called with a client access token' });

export const devicePending = () => graphError({
  code: 31, subcode: 1349174, message: '(#31) User authorization pending',
  userTitle: 'Device Login Authorization Pending', userMsg: 'Please wait for the user to confirm the code on facebook.com/device.',
});

export const deviceSlowDown = () => graphError({
  code: 17, subcode: 1349172, message: '(#17) Polling too frequently',
  userTitle: 'Slow Down', userMsg: 'You are polling too frequently. Wait for the interval before polling again.',
});

const deviceExpired = () => graphError({
  code: 31, subcode: 1349152, message: '(#31) The device login code has expired',
  userTitle: 'Device Login Code Expired', userMsg: 'Your code has expired. Please start over.',
});

function userCode(): string {
  let out = '';
  for (const ch of randomBase62(8)) out += USER_CODE_CHARS[ch.charCodeAt(0) % USER_CODE_CHARS.length];
  return out;
}

export function findDevice(state: EmulatorState, code: string): DeviceCode {
  const wanted = code.replace(/[\s-]/g, '').toUpperCase();
  for (const d of state.devices.values()) if (d.userCode === wanted) return d;
  throw new Error(`emulator: no device login with user_code ${code}`);
}

/** POST /device/login */
export function deviceLogin(ctx: Ctx): Reply {
  const who = authenticate(ctx, ['CLIENT'], { missing: clientTokenRequired, wrongKind: clientTokenRequired });
  if ('status' in who) return who;
  const { state } = ctx;
  const code = randomBase62(32);
  state.devices.set(code, {
    code, userCode: userCode(), scopes: splitList(ctx.params.scope), expiresAtMs: state.now() + DEVICE_EXPIRES_IN * 1000,
    approved: false, expired: false, consumed: false,
  });
  return ok({
    code, user_code: state.devices.get(code)!.userCode, verification_uri: 'https://www.facebook.com/device',
    expires_in: DEVICE_EXPIRES_IN, interval: DEVICE_INTERVAL,
  });
}

/** POST /device/login_status */
export function deviceLoginStatus(ctx: Ctx): Reply {
  const who = authenticate(ctx, ['CLIENT'], { missing: clientTokenRequired, wrongKind: clientTokenRequired });
  if ('status' in who) return who;
  const { state } = ctx;
  if (!ctx.params.code) return missingParam('code');
  const device = state.devices.get(ctx.params.code);
  if (!device) return graphError({ code: 100, message: '(#100) Invalid device login code' });
  const now = state.now();
  if (device.expired || device.consumed || now >= device.expiresAtMs) return deviceExpired();
  const last = device.lastPollMs;
  device.lastPollMs = now;
  if (state.opts.enforceDevicePollInterval && last !== undefined && now - last < DEVICE_INTERVAL * 1000) return deviceSlowDown();
  if (!device.approved) return devicePending();
  device.consumed = true;
  const rec = state.issueUser({ lifetime: 'long', scopes: state.grant(device.scopes, false) });
  return ok({
    access_token: rec.token, data_access_expiration_time: rec.dataAccessExpiresAt,
    expires_in: rec.expiresAt - state.nowSec(),
  });
}
