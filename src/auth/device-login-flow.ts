// Login for Devices: show a code, poll at the server's interval until the user approves it elsewhere.
// https://developers.facebook.com/docs/facebook-login/for-devices
// Time comes from the Clock so tests poll without sleeping (octokit's device flow could not be faked).
import type { Context } from '../context.js';
import type { Clock } from '../io/clock.js';
import type { GraphClient } from '../graph/types.js';
import { pollDeviceLogin, startDeviceLogin, type DeviceLoginStart } from '../graph/device-login.js';
import { CancelledError, ExitCode, FbtokError, UsageError } from '../errors.js';
import { registerSecret } from '../util/redact.js';

/** Facebook asks for this much more time between polls after 1349172 ("slow down"). */
export const SLOW_DOWN_STEP_S = 5;

export interface DeviceLoginFlowOptions {
  graph: GraphClient;
  /** APP_ID|CLIENT_TOKEN. */
  clientAccessToken: string;
  scopes: string[];
  clock: Clock;
  signal: AbortSignal;
  /** Shows the user code and where to enter it (and a QR code on a TTY). */
  show(start: DeviceLoginStart): Promise<void> | void;
  /** Asked once when the code expired: true to start over with a new code (a TTY question; false otherwise). */
  offerRestart(): Promise<boolean>;
}

export interface DeviceLoginResult {
  accessToken: string;
  expiresInSeconds: number | null;
  dataAccessExpiresAt: number | null;
}

export class DeviceCodeExpiredError extends FbtokError {
  constructor(minutes: number) {
    super('The device login code expired before it was entered.', {
      code: 'DEVICE_CODE_EXPIRED',
      exitCode: ExitCode.tokenInvalid,
      remedy: `Run \`fbtok login --device\` again and enter the new code within ${minutes} minutes.`,
    });
    this.name = 'DeviceCodeExpiredError';
  }
}

export async function runDeviceLoginFlow(opts: DeviceLoginFlowOptions): Promise<DeviceLoginResult> {
  for (let attempt = 0; ; attempt++) {
    const start = await startDeviceLogin(opts.graph, { clientAccessToken: opts.clientAccessToken, scopes: opts.scopes });
    await opts.show(start);
    const result = await pollUntilDone(opts, start);
    if (result) return result;
    const minutes = Math.max(1, Math.round(start.expiresInSeconds / 60));
    if (attempt > 0 || !(await opts.offerRestart())) throw new DeviceCodeExpiredError(minutes);
  }
}

/** Polls one code; null when it expired. */
async function pollUntilDone(opts: DeviceLoginFlowOptions, start: DeviceLoginStart): Promise<DeviceLoginResult | null> {
  const deadline = opts.clock.now() + start.expiresInSeconds * 1000;
  let intervalS = start.intervalSeconds;
  while (opts.clock.now() < deadline) {
    await sleep(opts, intervalS * 1000);
    const poll = await pollDeviceLogin(opts.graph, { clientAccessToken: opts.clientAccessToken, code: start.code });
    switch (poll.status) {
      case 'authorized':
        return { accessToken: poll.accessToken, expiresInSeconds: poll.expiresInSeconds, dataAccessExpiresAt: poll.dataAccessExpiresAt };
      case 'slow-down':
        intervalS += SLOW_DOWN_STEP_S;
        break;
      case 'expired':
        return null;
      case 'pending':
        break;
    }
  }
  return null;
}

async function sleep(opts: DeviceLoginFlowOptions, ms: number): Promise<void> {
  if (opts.signal.aborted) throw new CancelledError('Interrupted while waiting for the device login.');
  try {
    await opts.clock.sleep(ms, opts.signal);
  } catch (error) {
    if (opts.signal.aborted) throw new CancelledError('Interrupted while waiting for the device login.');
    throw error;
  }
}

/** The CLI side: the client token, how the code is shown, and the one restart offered on a terminal. */
export async function runDeviceLogin(ctx: Context, opts: { appId: string; scopes: string[] }): Promise<DeviceLoginResult> {
  const clientToken = await ctx.clientToken();
  if (!clientToken) throw missingClientToken(ctx.globals.profile);
  const interactive = ctx.io.stdinIsTTY && ctx.io.stderrIsTTY;
  const result = await runDeviceLoginFlow({
    graph: await ctx.graph(),
    clientAccessToken: `${opts.appId}|${clientToken}`,
    scopes: opts.scopes,
    clock: ctx.clock,
    signal: ctx.signal,
    show: (start) => showCode(ctx, start, interactive),
    offerRestart: async () => interactive && ctx.prompter().confirm('The code expired. Start again with a new code?', '', true),
  });
  registerSecret(result.accessToken);
  return result;
}

async function showCode(ctx: Context, start: DeviceLoginStart, interactive: boolean): Promise<void> {
  const { io } = ctx;
  io.err(`Open ${io.style.bold(start.verificationUri)} on any device and enter the code: ${io.style.bold(start.userCode)}`);
  if (interactive) {
    // qrcode-terminal is only worth loading when a person is looking at a terminal.
    const { default: qrcode } = await import('qrcode-terminal');
    qrcode.generate(start.verificationUri, { small: true }, (qr) => io.err(qr));
  }
  io.err(io.style.dim(`Waiting for approval (the code works for ${Math.round(start.expiresInSeconds / 60)} minutes; Ctrl-C to stop)...`));
}

function missingClientToken(profile: string): UsageError {
  return new UsageError(
    `Device login needs the app's client token, and profile "${profile}" has none.`,
    'Set FBTOK_CLIENT_TOKEN, or pipe it in: printf %s "$TOKEN" | fbtok config set client-token --stdin. ' +
      'It is under App settings > Advanced > Security > Client token; also turn on "Login from Devices" in Facebook Login > Settings.',
    'CLIENT_TOKEN_MISSING',
  );
}
