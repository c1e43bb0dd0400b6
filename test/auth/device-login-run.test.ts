// `login --device` in-process: the real Context wiring (client token, graph, file store) on a fake clock.
import { afterEach, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { createContext } from '../../src/create-context.js';
import { createIO } from '../../src/io/io.js';
import { parseLoginFlags } from '../../src/commands/login.js';
import { runLogin } from '../../src/auth/login-flow.js';
import { tempConfigDir } from '../helpers/run-cli.js';
import { fakeClock, type FakeClock } from '../graph/helpers.js';

let emu: Emulator | undefined;
let dir: { dir: string; remove(): void } | undefined;
afterEach(async () => {
  await emu?.close();
  dir?.remove();
});

async function deviceLogin(extraFlags: Record<string, unknown> = {}) {
  emu = await startEmulator({ declinedScopes: ['pages_messaging'] });
  dir = tempConfigDir();
  const env = {
    FBTOK_CONFIG_DIR: dir.dir, FBTOK_STORE: 'file', FBTOK_GRAPH_URL: emu.url, FBTOK_WWW_URL: emu.url,
    FBTOK_APP_ID: emu.appId, FBTOK_APP_SECRET: emu.appSecret, FBTOK_CLIENT_TOKEN: emu.clientToken,
  };
  const stderr = new PassThrough();
  const stdout = new PassThrough();
  let err = '';
  let out = '';
  stderr.on('data', (d) => (err += d));
  stdout.on('data', (d) => (out += d));
  const base = fakeClock(Date.now());
  // "Meanwhile, on the phone": once the CLI has shown the code and slept twice, the user approves it.
  const clock: FakeClock = {
    ...base,
    sleep: async (ms, signal) => {
      await base.sleep(ms, signal);
      const code = /enter the code: (\S+)/.exec(err)?.[1];
      if (base.sleeps.length === 2 && code) emu!.approveDevice(code);
    },
  };
  const io = await createIO({ stdin: new PassThrough(), stdout, stderr, env, noColor: true });
  const ctx = createContext({ version: 'test', env, io, clock, globals: { profile: 'default', json: true, verbose: false, timeoutMs: 5000, maxWaitMs: 0, color: false } });
  try {
    const code = await runLogin(parseLoginFlags({ device: true, scopes: 'pages_show_list,pages_messaging', ...extraFlags }), ctx);
    return { code, err, out, sleeps: base.sleeps };
  } finally {
    await ctx.close();
  }
}

describe('fbtok login --device', () => {
  it('shows the code and URI, polls on the clock, and stores the user token like the browser flow', async () => {
    const r = await deviceLogin();
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/Open https:\/\/www\.facebook\.com\/device on any device and enter the code: [A-Z0-9]+/);
    expect(r.sleeps).toEqual([5000, 5000]);
    expect(JSON.parse(r.out)).toMatchObject({ name: 'user', obtainedVia: 'device-login', longLived: true, subjectId: emu!.user.id });
    expect(r.err).toMatch(/Not granted: pages_messaging.*--auth-type rerequest/s);
    expect(r.err).not.toContain(emu!.clientToken);
    expect(r.err).not.toMatch(/EAA[A-Za-z0-9]{10}/);
  });

  it('goes on to store every Page token with --pages', async () => {
    const r = await deviceLogin({ pages: true });
    expect(r.code).toBe(0);
    expect(r.err).toContain(`Stored ${emu!.pages.length} Page tokens`);
    // stdout keeps one JSON document: the user record.
    expect(JSON.parse(r.out).name).toBe('user');
  });
});
