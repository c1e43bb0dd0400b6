// Device login, one call at a time (the caller owns the polling loop and its clock).
// https://developers.facebook.com/docs/facebook-login/for-devices
import type { GraphClient } from './types.js';
import { GraphError, isGraphError } from './graph-error.js';
import { num, record, secondsToMs, str } from './json.js';
import { DEVICE_SUBCODES } from './remedies.js';

export interface DeviceLoginStart {
  code: string;
  userCode: string;
  verificationUri: string;
  expiresInSeconds: number;
  intervalSeconds: number;
}

export type DeviceLoginPoll =
  | { status: 'pending' }
  | { status: 'slow-down' }
  | { status: 'expired' }
  | { status: 'authorized'; accessToken: string; expiresInSeconds: number | null; dataAccessExpiresAt: number | null };

/** POST /device/login with APP_ID|CLIENT_TOKEN. */
export async function startDeviceLogin(
  graph: GraphClient,
  options: { clientAccessToken: string; scopes: readonly string[] },
): Promise<DeviceLoginStart> {
  const res = await graph.request<unknown>({
    method: 'POST',
    path: '/device/login',
    form: { scope: options.scopes.join(',') },
    token: options.clientAccessToken,
  });
  const data = record(res.data);
  const code = str(data?.code);
  const userCode = str(data?.user_code);
  if (!code || !userCode) throw GraphError.unexpected('the device login start', res.status);
  return {
    code,
    userCode,
    verificationUri: str(data?.verification_uri) ?? 'https://www.facebook.com/device',
    expiresInSeconds: num(data?.expires_in) ?? 420,
    intervalSeconds: Math.max(1, num(data?.interval) ?? 5),
  };
}

/** One poll of POST /device/login_status; the answer is keyed on the error subcode (the top-level code varies). */
export async function pollDeviceLogin(
  graph: GraphClient,
  options: { clientAccessToken: string; code: string },
): Promise<DeviceLoginPoll> {
  try {
    const res = await graph.request<unknown>({
      method: 'POST',
      path: '/device/login_status',
      form: { code: options.code },
      token: options.clientAccessToken,
    });
    const data = record(res.data);
    const accessToken = str(data?.access_token);
    if (!accessToken) throw GraphError.unexpected('the device login poll', res.status);
    return {
      status: 'authorized',
      accessToken,
      expiresInSeconds: num(data?.expires_in),
      dataAccessExpiresAt: secondsToMs(data?.data_access_expiration_time),
    };
  } catch (error) {
    if (isGraphError(error)) {
      if (error.subcode === DEVICE_SUBCODES.pending) return { status: 'pending' };
      if (error.subcode === DEVICE_SUBCODES.slowDown) return { status: 'slow-down' };
      if (error.subcode === DEVICE_SUBCODES.expired) return { status: 'expired' };
    }
    throw error;
  }
}
