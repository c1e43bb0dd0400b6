// Canary secrets through the delivery and monitoring paths: deploy and failure hooks (their output, their
// argv), token export --write, status --format openmetrics / --textfile, and usage, in every output form.
// Only the .env file written on purpose may hold a token; nothing may hold the app secret or passphrase.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { APP_SECRET, CLIENT_TOKEN, FORMS, PAGE_ID, PASSPHRASE, Recorder, canaries, expectNoLeak } from './leak-kit.js';

describe('no secret leaks through hooks, .env writing, metrics and usage', () => {
  let emu: Emulator;
  let root: string;

  beforeAll(async () => {
    emu = await startEmulator({ appSecret: APP_SECRET, clientToken: CLIENT_TOKEN, pages: [{ id: PAGE_ID, name: 'Corner Shop' }], extendLongLivedOnExchange: true, usage: { percentPerCall: 0.1 } });
    root = mkdtempSync(join(tmpdir(), 'fbtok-leak-hooks-'));
  });
  afterAll(async () => {
    await emu?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('rotate and page-tokens with hooks, token export --write, status metrics, usage', async () => {
    const dir = join(root, 'config');
    const out = join(root, 'out');
    mkdirSync(dir);
    mkdirSync(out);
    const rec = new Recorder({
      FBTOK_CONFIG_DIR: dir, FBTOK_GRAPH_URL: emu.url, FBTOK_WWW_URL: emu.url, FBTOK_RETRY_BASE_MS: '1',
      FBTOK_STORE: 'file', FBTOK_STORE_PASSPHRASE: PASSPHRASE, FBTOK_APP_SECRET: APP_SECRET, FBTOK_APP_ID: emu.appId,
    }, dir);
    // A hook that shows everything it was given (argv, environment, its parent's argv): fbtok must mask the
    // token it handed over, and nothing else secret may be there to show.
    const showAll = 'echo "argv: $0 $*"; env; tr "\\0" " " < /proc/$PPID/cmdline; echo';
    for (const [i, form] of FORMS.entries()) {
      await rec.cli(['token', 'import', '--token-stdin', '--name', `short-${i}`], { input: emu.issueUserToken({ lifetime: 'short' }) });
      const r = await rec.cli([...form, 'rotate', `short-${i}`, '--within', '70d', '--hook-env', `T=short-${i}`, '--deploy-hook', showAll]);
      expect(r.stderr).toContain('T=<redacted>');
    }
    await rec.cli(['token', 'import', '--token-stdin'], { input: emu.issueUserToken({ lifetime: 'short' }) });
    for (const form of FORMS) await rec.cli([...form, 'page-tokens', '--force', '--hook-env', `P=page:${PAGE_ID}`, '--deploy-hook', showAll]);
    const dead = emu.issueUserToken({ lifetime: 'long', expiresInSeconds: 86_400 });
    await rec.cli(['token', 'import', '--token-stdin', '--name', 'dead'], { input: dead });
    emu.invalidateToken(dead, 460);
    await rec.cli(['--verbose', 'rotate', 'dead', '--failure-hook', showAll, '--hook-env', 'T=dead'], { code: 3 });

    for (const form of FORMS) {
      await rec.cli([...form, 'token', 'export', 'user', `page:${PAGE_ID}`, '--write', join(out, 'bot.env')], { code: [0] });
      await rec.cli([...form, 'usage']);
      await rec.cli([...form, 'status', '--check', '--textfile', out], { code: 3 }); // "dead" is dead
    }
    for (const form of [[], ['--verbose']]) await rec.cli([...form, 'status', '--check', '--format', 'openmetrics'], { code: 3 });
    emu.injectFault({ kind: 'http-500', times: Infinity });
    await rec.cli(['--verbose', '--json', 'usage'], { code: 6 });
    await rec.cli(['--verbose', 'status', '--check', '--format', 'openmetrics'], { code: 6 });
    emu.clearFaults();

    const secrets = await canaries(emu, rec);
    const files = [...rec.files(), ...rec.files(out, 'out').filter((f) => !f.label.endsWith('bot.env'))];
    expect(files.map((f) => f.label)).toEqual(expect.arrayContaining(['file state/audit.log', 'file state/usage.json', 'out fbtok.prom']));
    expectNoLeak([...rec.seen, ...files], secrets);
    // The .env holds the two tokens it was asked for, and no other secret.
    const env = readFileSync(join(out, 'bot.env'), 'utf8');
    expectNoLeak([{ label: 'bot.env', text: env, tokensAllowed: true }], secrets);
  }, 240_000);
});
