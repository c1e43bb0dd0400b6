// Canary secrets through the commands leak.test.ts does not run, each plain, --verbose, --json and
// --verbose --json, with error paths: the default browser login (the test plays the browser against the
// redirect listener), `login --device` as a process, `doctor --fix-subscriptions`, `exec --rotate-within`,
// `revoke --permission --yes` and `token delete`, on the encrypted file store.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import {
  APP_SECRET, CLIENT_TOKEN, FORMS, PAGE_ID, PASSPHRASE, WRONG_SECRET, Recorder, browserLogin, canaries, deviceCodes, deviceLoginCli,
  expectNoLeak,
} from './leak-kit.js';

// The checker itself: a token printer's stdout may hold tokens, and nothing else.
describe('leak checker', () => {
  const secrets = new Map([['EAAtokentokentoken', { what: 'a token', token: true }], [APP_SECRET, { what: 'the app secret', token: false }]]);
  it('refuses the app secret on the stdout of token get', () => {
    expect(() => expectNoLeak([{ label: 'token get', text: `EAAtokentokentoken\n${APP_SECRET}`, tokensAllowed: true }], secrets)).toThrow();
  });
  it('refuses a token anywhere else', () => {
    expect(() => expectNoLeak([{ label: 'status', text: 'EAAtokentokentoken' }], secrets)).toThrow();
  });
  it('lets token get print the token', () => expectNoLeak([{ label: 'token get', text: 'EAAtokentokentoken\n', tokensAllowed: true }], secrets));
});

describe('no secret leaks on the remaining paths', () => {
  let emu: Emulator;
  let root: string;

  beforeAll(async () => {
    emu = await startEmulator({ appSecret: APP_SECRET, clientToken: CLIENT_TOKEN, pages: [{ id: PAGE_ID, name: 'Corner Shop' }], extendLongLivedOnExchange: true });
    root = mkdtempSync(join(tmpdir(), 'fbtok-leak-paths-'));
  });
  afterAll(async () => {
    await emu?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('login (browser and device), doctor --fix-subscriptions, exec --rotate-within, revoke --permission, token delete', async () => {
    const dir = join(root, 'file');
    mkdirSync(dir);
    const rec = new Recorder({
      FBTOK_CONFIG_DIR: dir, FBTOK_GRAPH_URL: emu.url, FBTOK_WWW_URL: emu.url, FBTOK_RETRY_BASE_MS: '1',
      FBTOK_STORE: 'file', FBTOK_STORE_PASSPHRASE: PASSPHRASE, FBTOK_APP_SECRET: APP_SECRET,
    }, dir);
    await rec.cli(['config', 'set', 'app-id', emu.appId]);
    await rec.cli(['config', 'set', 'client-token', '--stdin'], { input: CLIENT_TOKEN });

    // The browser flow: the listener's page and fbtok's output never show the code; a failing code exchange neither.
    for (const form of FORMS) await browserLogin(rec, form);
    await browserLogin(rec, ['--verbose', '--json'], 6, () => emu.injectFault({ kind: 'http-500', match: '/oauth/access_token', times: Infinity }));
    emu.clearFaults();

    // Device login as a process (one poll interval each, so side by side), and a code left to expire (exit 3).
    await Promise.all([...FORMS.map((form) => deviceLoginCli(rec, emu, form)), deviceLoginCli(rec, emu, ['--verbose', '--json'], 'expire')]);
    deviceCodes(rec, emu);
    await rec.cli(['page-tokens']);

    // Each form adds a field the app is not yet subscribed to, so each one really POSTs subscribed_apps.
    const extra = ['messaging_postbacks', 'messaging_optins', 'message_reads', 'message_deliveries'];
    for (const [i, form] of FORMS.entries()) {
      const r = await rec.cli([...form, 'doctor', '--fix-subscriptions', '--fields', `messages,${extra[i]}`], { code: [0, 2, 4] });
      expect(r.stdout, r.stderr).toMatch(new RegExp(`${extra[i]}.*fixed now`));
    }
    emu.injectFault({ kind: 'http-500', match: `/${PAGE_ID}/subscribed_apps`, method: 'POST', times: Infinity });
    await rec.cli(['--verbose', '--json', 'doctor', '--fix-subscriptions', '--fields', 'messages,messaging_referrals'], { code: 6 });
    await rec.cli(['doctor', '--fix-subscriptions', '--fields', 'messages,messaging_referrals'], { code: 6 });
    emu.clearFaults();

    // A short-lived token per form: each run really rotates it (an exchange), then hands the new one over, masked.
    const child = ['--', 'sh', '-c', 'printf "token=%s\\n" "$T"; cat /proc/$PPID/cmdline'];
    for (const [i, form] of FORMS.entries()) {
      await rec.cli(['token', 'import', '--token-stdin', '--name', `short-${i}`], { input: emu.issueUserToken({ lifetime: 'short' }) });
      const r = await rec.cli([...form, 'exec', '--rotate-within', '70d', '--mask', '--env', `T=short-${i}`, ...child]);
      expect(r.stderr).toContain(`Rotated short-${i} before starting.`);
      expect(r.stdout).toContain('token=<redacted>');
    }
    await rec.cli(['--verbose', 'exec', '--rotate-within', '70d', '--env', 'T=user', '--', 'true'], { code: 2, env: { FBTOK_APP_SECRET: WRONG_SECRET } });
    emu.injectFault({ kind: 'http-500', times: Infinity });
    await rec.cli(['--verbose', '--json', 'exec', '--rotate-within', '70d', '--env', 'T=user', '--', 'true'], { code: 6 });
    emu.clearFaults();

    // revoke --permission: a permission per form (each one leaves the stored records), then its error paths.
    const permissions = ['pages_read_engagement', 'pages_manage_metadata', 'pages_messaging', 'public_profile'];
    for (const [i, form] of FORMS.entries()) await rec.cli([...form, 'revoke', '--permission', permissions[i], '--yes']);
    await rec.cli(['--verbose', 'revoke', '--permission', 'pages_show_list'], { code: 2 });
    const dead = emu.issueUserToken({ lifetime: 'long' });
    emu.invalidateToken(dead);
    await rec.cli(['--verbose', '--json', 'revoke', '--permission', 'pages_show_list', '--yes', '--token-stdin'], { code: 3, input: dead });
    emu.injectFault({ kind: 'http-500', times: Infinity });
    await rec.cli(['--verbose', '--json', 'revoke', '--permission', 'pages_show_list', '--yes'], { code: 6 });
    emu.clearFaults();

    // token delete: a token of its own per form, then a name that is not there and a wrong passphrase.
    for (const [i, form] of FORMS.entries()) {
      await rec.cli(['token', 'import', '--token-stdin', '--name', `del-${i}`], { input: emu.issueUserToken({ lifetime: 'long' }) });
      await rec.cli([...form, 'token', 'delete', `del-${i}`]);
    }
    await rec.cli(['--verbose', '--json', 'token', 'delete', 'del-0'], { code: 2 });
    await rec.cli(['--verbose', 'token', 'delete', 'user'], { code: 7, env: { FBTOK_STORE_PASSPHRASE: 'CANARYnotthepassphrase' } });
    const list = await rec.cli(['token', 'list', '--json']);
    expect((JSON.parse(list.stdout) as Array<{ name: string }>).map((r) => r.name).sort()).toEqual([`page:${PAGE_ID}`, ...FORMS.map((_f, i) => `short-${i}`), 'user']);

    const secrets = await canaries(emu, rec);
    expect([...secrets.values()].filter((c) => c.what === 'a login code').length).toBeGreaterThanOrEqual(9);
    expect([...secrets.values()].filter((c) => c.what.includes('fb_exchange_token')).length).toBeGreaterThanOrEqual(4);
    const files = rec.files();
    expect(files.map((f) => f.label)).toEqual(expect.arrayContaining(['file tokens.json', 'file state/audit.log']));
    expectNoLeak([...rec.seen, ...files], secrets);
  }, 240_000);
});
