// Canary secrets through every command (normal, --verbose, --json, error paths), once on the encrypted
// file store and once on a real Secret Service: no app secret, client token, passphrase, token, code or
// appsecret_proof may appear in stdout, stderr, the audit log, the config dir or a process's arguments.
// Only `token get` and `token export` print tokens, on stdout, because that is what they are for; even
// there, no app secret, client token, passphrase, login code or appsecret_proof may appear.
// More commands and stores: leak-paths.test.ts, leak-helper-store.test.ts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { startSecretService, type SecretServiceHandle } from '../helpers/secret-service.js';
import {
  APP_SECRET, CLIENT_TOKEN, PAGE_ID, PASSPHRASE, WRONG_SECRET, Recorder, canaries, cmdlineWhileRunning, deviceLogin, expectNoLeak,
  manualLogin,
} from './leak-kit.js';

describe('no secret leaks anywhere', () => {
  let emu: Emulator;
  let service: SecretServiceHandle;
  let root: string;
  let tree: string;

  beforeAll(async () => {
    [emu, service] = await Promise.all([
      startEmulator({ appSecret: APP_SECRET, clientToken: CLIENT_TOKEN, pages: [{ id: PAGE_ID, name: 'Corner Shop' }], extendLongLivedOnExchange: true }),
      startSecretService(),
    ]);
    root = mkdtempSync(join(tmpdir(), 'fbtok-leak-'));
    tree = join(root, 'tree');
    mkdirSync(tree);
  });
  afterAll(async () => {
    await emu?.close();
    await service?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  function recorder(name: string, extra: Record<string, string>): Recorder {
    const dir = join(root, name);
    mkdirSync(dir);
    return new Recorder({ FBTOK_CONFIG_DIR: dir, FBTOK_GRAPH_URL: emu.url, FBTOK_WWW_URL: emu.url, FBTOK_RETRY_BASE_MS: '1', ...extra }, dir);
  }

  it('encrypted file store: every command, normal / --verbose / --json, error paths, audit log, files, cmdline', async () => {
    const rec = recorder('file', { FBTOK_STORE: 'file', FBTOK_STORE_PASSPHRASE: PASSPHRASE, FBTOK_APP_SECRET: APP_SECRET });
    const user = emu.issueUserToken({ lifetime: 'long' });
    writeFileSync(join(tree, 'bot.js'), `const token = "${user}";\nconst secret = "${APP_SECRET}";\n`);

    await rec.cli(['config', 'set', 'app-id', emu.appId]);
    await rec.cli(['config', 'set', 'client-token', '--stdin'], { input: CLIENT_TOKEN });
    await rec.variants(['config', 'list']);
    await rec.variants(['token', 'import', '--token-stdin', '--force'], { input: user });
    await manualLogin(rec, ['--verbose', '--json']);
    await deviceLogin(rec, emu);
    await rec.variants(['exchange-long-lived', '--from', 'user', '--save', 'user']);
    await rec.variants(['page-tokens']);
    for (const args of [['debug-token'], ['debug-token', `page:${PAGE_ID}`], ['debug-token', '--all'], ['status'], ['status', '--check'], ['token', 'list'], ['doctor'], ['log']]) {
      await rec.variants(args, { code: args[0] === 'doctor' ? [0, 2, 4] : 0 });
    }
    await rec.variants(['debug-token', '--token-stdin', '--require', 'ads_management'], { input: user, code: 4 });
    // fbtok api: answers that carry tokens (me/accounts, paging links), a dry run, the app token, a refusal.
    for (const args of [['api', 'me/accounts'], ['api', 'me/accounts?limit=1', '--paginate'], ['api', '/me', '--include'], ['api', '/me/feed', '-f', 'message=hi', '--dry-run'], ['api', `/${PAGE_ID}`, '--as', 'app'], ['api', '/me', '--as', `page:${PAGE_ID}`]]) {
      await rec.variants(args);
    }
    await rec.variants(['api', 'POST', '/me/messages', '--as', 'user', '-F', 'recipient[id]=1', '-f', 'message[text]=hi'], { code: [3, 4, 6] });
    await rec.variants(['rotate', '--within', '70d'], { code: [0, 8] });
    await rec.cli(['rotate', '--dry-run', '--within', '70d'], { code: [0, 8] });
    await rec.variants(['scan'], { cwd: tree, code: 10 });
    await rec.cli(['--verbose', 'scan', '--check'], { cwd: tree, code: 11 });
    // exec: the child reads its parent's (fbtok's) command line; with --mask the token it prints is hidden.
    await rec.cli(['exec', '--env', 'T=user', '--', 'sh', '-c', 'cat /proc/$PPID/cmdline']);
    await rec.cli(['--verbose', 'exec', '--mask', '--env', 'T=user', '--app-secret-env', 'S', '--', 'sh', '-c', 'echo "token=$T secret=$S"']);
    const ghOutput = join(root, 'gh-output');
    for (const format of ['env', 'dotenv', 'json', 'github']) await rec.cli(['token', 'export', '--format', format], { tokenOnStdout: true, env: { GITHUB_OUTPUT: ghOutput } });
    for (const args of [['token', 'get', 'user'], ['--verbose', 'token', 'get', `page:${PAGE_ID}`], ['--verbose', '--json', 'token', 'export', 'user']]) {
      await rec.cli(args, { tokenOnStdout: true });
    }
    rec.seen.push({ label: 'the GITHUB_OUTPUT file of token export --format github', text: readFileSync(ghOutput, 'utf8'), tokensAllowed: true });
    await rec.cli(['completion', 'bash']);
    await cmdlineWhileRunning(rec, emu, user);

    // Error paths: Graph failing, rate limits, a wrong app secret, then a revoked user.
    emu.injectFault({ kind: 'http-500', times: Infinity });
    await rec.variants(['debug-token'], { code: 6 });
    await rec.cli(['--verbose', '--json', 'status', '--check'], { code: 6 });
    emu.clearFaults();
    emu.injectFault({ kind: 'rate-limit', code: 80001, times: Infinity });
    await rec.cli(['--verbose', '--max-wait', '0', 'page-tokens'], { code: 5 });
    emu.clearFaults();
    await rec.variants(['debug-token'], { code: 2, env: { FBTOK_APP_SECRET: WRONG_SECRET } });
    await rec.variants(['exchange-long-lived', '--from', 'user', '--save', 'other'], { code: 2, env: { FBTOK_APP_SECRET: WRONG_SECRET } });
    await rec.cli(['--verbose', '--json', 'revoke', '--yes']);
    await rec.variants(['debug-token'], { code: 3 });
    await rec.cli(['--verbose', '--json', 'status', '--check'], { code: 3 });
    await rec.cli(['--verbose', 'exec', '--check', '--env', 'T=user', '--', 'true'], { code: 3 });
    await rec.cli(['status'], { env: { FBTOK_STORE_PASSPHRASE: 'CANARYnotthepassphrase' }, code: 7 });

    const secrets = await canaries(emu, rec);
    expect(secrets.size).toBeGreaterThan(8);
    expect([...secrets.values()].some((c) => c.what.startsWith('the stored token page:'))).toBe(true);
    expect([...secrets.values()].some((c) => c.what === 'a login code')).toBe(true);
    // The token printers' stdout is really checked, for everything but tokens.
    expect(rec.seen.filter((s) => s.tokensAllowed && s.text.length > 0).length).toBeGreaterThanOrEqual(8);
    const files = rec.files();
    expect(files.map((f) => f.label)).toEqual(expect.arrayContaining(['file tokens.json', 'file config.json', 'file state/audit.log']));
    expectNoLeak([...rec.seen, ...files], secrets);
  }, 240_000);

  it('keychain store (real Secret Service): app secret and tokens stay in the keychain, never in output or index files', async () => {
    const rec = recorder('keychain', { ...service.env, FBTOK_STORE: 'keychain' });
    // Secret Service's own files live in the service's dir, not the config dir we check.
    const user = emu.issueUserToken({ lifetime: 'long' });
    await rec.cli(['config', 'set', 'app-id', emu.appId]);
    await rec.variants(['config', 'set', 'app-secret', '--stdin'], { input: APP_SECRET });
    await rec.variants(['token', 'import', '--token-stdin', '--force'], { input: user });
    await manualLogin(rec, ['--verbose']);
    await rec.variants(['page-tokens']);
    for (const args of [['debug-token', '--all'], ['status', '--check'], ['token', 'list'], ['doctor'], ['log'], ['config', 'list']]) {
      await rec.variants(args, { code: args[0] === 'doctor' ? [0, 2, 4] : 0 });
    }
    await rec.cli(['--verbose', 'rotate', '--within', '70d'], { code: [0, 8] });
    await rec.variants(['api', 'me/accounts', '--paginate']);
    await rec.cli(['--verbose', 'exec', '--mask', '--env', 'T=user', '--', 'sh', '-c', 'echo "token=$T"; cat /proc/$PPID/cmdline']);
    await rec.cli(['token', 'export', '--format', 'env'], { tokenOnStdout: true });
    emu.injectFault({ kind: 'truncated', times: Infinity });
    await rec.variants(['debug-token'], { code: 6 });
    emu.clearFaults();

    const secrets = await canaries(emu, rec);
    const files = rec.files();
    expect(files.map((f) => f.label)).toEqual(expect.arrayContaining(['file index/keychain/default.json', 'file state/audit.log']));
    expect(files.map((f) => f.label)).not.toContain('file tokens.json');
    expectNoLeak([...rec.seen, ...files], secrets);
  }, 240_000);
});
