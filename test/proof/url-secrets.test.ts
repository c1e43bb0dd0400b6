// Secrets out of URLs: every command runs against the emulator (as through a proxy whose access log
// records each request line), then every recorded request URL is searched for every secret the run
// used: the app secret, client token, tokens (user, Page, app, system user), login codes, PKCE
// verifiers and device codes. They travel in POST bodies and the Authorization header only.
// appsecret_proof stays in the query where Graph documents it: an HMAC of a token, useless without it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { APP_SECRET, CLIENT_TOKEN, PAGE_ID, PASSPHRASE, Recorder, browserLogin, deviceLogin, manualLogin } from './leak-kit.js';

describe('no secret in any request URL, across every command', () => {
  let emu: Emulator;
  let root: string;

  beforeAll(async () => {
    emu = await startEmulator({ appSecret: APP_SECRET, clientToken: CLIENT_TOKEN, pages: [{ id: PAGE_ID, name: 'Corner Shop' }, { id: '702' }], requireAppSecretProof: true });
    root = mkdtempSync(join(tmpdir(), 'fbtok-url-'));
  });
  afterAll(async () => {
    await emu?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  /** Every secret the emulator saw in a body or header, or handed out, plus the fixed canaries. */
  function secretsSeen(rec: Recorder): Map<string, string> {
    const secrets = new Map<string, string>([[APP_SECRET, 'the app secret'], [CLIENT_TOKEN, 'the client token'], [PASSPHRASE, 'the passphrase']]);
    for (const req of emu.requests) {
      if (req.headerToken) secrets.set(req.headerToken, `a token in the Authorization header (${req.path})`);
      for (const key of ['access_token', 'input_token', 'fb_exchange_token', 'client_secret', 'code', 'code_verifier', 'revoke_token']) {
        const value = req.form[key];
        if (value) secrets.set(value, `${key} in a body (${req.path})`);
      }
      for (const m of (req.form.batch ?? '').matchAll(/input_token=([A-Za-z0-9%|]+)/g)) secrets.set(decodeURIComponent(m[1]), 'an input_token in a batch');
    }
    for (const code of rec.codes) secrets.set(code, 'a login code');
    for (const value of [...secrets.keys()]) {
      // An app or client token is `id|secret`: the secret half is what must not leak.
      if (value.includes('|')) secrets.set(value.split('|')[1], 'the secret half of an app or client token');
      if (value.length < 8) secrets.delete(value);
    }
    return secrets;
  }

  it('login (listener, manual, device), exchange, page-tokens, debug-token, status, doctor, rotate, exec, scan, revoke', async () => {
    const dir = join(root, 'config');
    mkdirSync(dir);
    const tree = join(root, 'tree');
    mkdirSync(tree);
    const rec = new Recorder({ FBTOK_CONFIG_DIR: dir, FBTOK_GRAPH_URL: emu.url, FBTOK_WWW_URL: emu.url, FBTOK_RETRY_BASE_MS: '1', FBTOK_STORE: 'file', FBTOK_STORE_PASSPHRASE: PASSPHRASE }, dir);
    const user = emu.issueUserToken({ lifetime: 'short' });
    writeFileSync(join(tree, 'bot.js'), `const token = "${user}";\n`);

    await rec.cli(['config', 'set', 'app-id', emu.appId]);
    await rec.cli(['config', 'set', 'app-secret', '--stdin'], { input: APP_SECRET });
    await rec.cli(['config', 'set', 'client-token', '--stdin'], { input: CLIENT_TOKEN });
    await rec.cli(['token', 'import', '--token-stdin', '--force'], { input: user });
    await rec.cli(['exchange-long-lived', '--from', 'user', '--save', 'user', '--force']);
    await browserLogin(rec, []);
    await manualLogin(rec, []);
    await deviceLogin(rec, emu);
    await rec.cli(['page-tokens']);
    await rec.cli(['page-tokens', '--page', PAGE_ID]);
    for (const args of [['debug-token'], ['debug-token', `page:${PAGE_ID}`], ['debug-token', '--all'], ['status', '--check'], ['token', 'list']]) await rec.cli(args);
    await rec.cli(['debug-token', '--token-stdin'], { input: emu.issueSystemUserToken({ expiring: true }) });
    await rec.cli(['token', 'import', '--token-stdin', '--force'], { input: emu.issueSystemUserToken({ expiring: true }) });
    await rec.cli(['doctor'], { code: [0, 2, 4] });
    await rec.cli(['doctor', '--fix-subscriptions'], { code: [0, 2, 4] });
    await rec.cli(['rotate', '--within', '70d'], { code: [0, 8] });
    await rec.cli(['exec', '--check', '--env', 'T=user', '--', 'true']);
    await rec.cli(['scan', '--check'], { cwd: tree, code: [10, 11] });
    await rec.cli(['revoke', '--permission', 'pages_read_engagement', '--yes']);
    await rec.cli(['revoke', '--yes']);
    await rec.cli(['status', '--check'], { code: 3 });

    // The run really covered the credential-carrying endpoints, each way they are called.
    const calls = new Set(emu.requests.map((r) => `${r.method} ${r.path}`));
    for (const call of ['POST /oauth/access_token', 'POST /debug_token', 'POST /', 'GET /me/accounts', 'GET /me', 'POST /device/login', 'POST /device/login_status', 'DELETE /me/permissions', `POST /${PAGE_ID}/subscribed_apps`]) {
      expect(calls, `no ${call} in this run`).toContain(call);
    }
    expect(emu.requests.some((r) => r.form.grant_type === 'fb_exchange_token')).toBe(true);
    expect(emu.requests.some((r) => r.form.code_verifier)).toBe(true);
    expect(emu.requests.filter((r) => r.headerToken).length).toBeGreaterThan(5);

    const secrets = secretsSeen(rec);
    expect(secrets.size).toBeGreaterThan(10);
    const leaks: string[] = [];
    for (const req of emu.requests) {
      const url = `${req.url}\n${decodeURIComponent(req.url)}`;
      for (const [secret, what] of secrets) if (url.includes(secret)) leaks.push(`${what} in the URL of ${req.method} ${req.path}`);
      if (new URL(req.url, emu.url).searchParams.has('access_token')) leaks.push(`access_token in the URL of ${req.method} ${req.path}`);
    }
    expect(leaks).toEqual([]);
  }, 240_000);
});
