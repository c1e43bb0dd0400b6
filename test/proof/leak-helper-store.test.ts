// Canary secrets through the Docker credential-helper store (`--store helper:NAME`), on real helpers:
// docker-credential-pass over a throw-away GnuPG key, and docker-credential-secretservice over a private
// Secret Service. Secrets reach a helper only on its stdin: a shim in front of the helper logs the
// arguments and environment it is started with, and those, the pass store's files, fbtok's output and
// its config dir must hold none of them.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { requireBinary } from '../helpers/binaries.js';
import { requireCredentialHelper, setupPass, type PassHandle } from '../helpers/credential-helpers.js';
import { startSecretService, type SecretServiceHandle } from '../helpers/secret-service.js';
import { APP_SECRET, PAGE_ID, WRONG_SECRET, Recorder, browserLogin, canaries, expectNoLeak, manualLogin, type Seen } from './leak-kit.js';

describe('no secret leaks with a credential-helper store', () => {
  let emu: Emulator;
  let pass: PassHandle;
  let service: SecretServiceHandle;
  let root: string;

  beforeAll(async () => {
    requireCredentialHelper('pass');
    requireCredentialHelper('secretservice');
    [emu, pass, service] = await Promise.all([
      startEmulator({ appSecret: APP_SECRET, pages: [{ id: PAGE_ID, name: 'Corner Shop' }], extendLongLivedOnExchange: true }),
      setupPass(),
      startSecretService(),
    ]);
    root = mkdtempSync(join(tmpdir(), 'fbtok-leak-helper-'));
  }, 60_000);
  afterAll(async () => {
    await emu?.close();
    await pass?.stop();
    await service?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  /** docker-credential-NAME behind a shim that logs how it was started, then runs the real one. */
  function shim(name: string): { path: string; log: string } {
    const real = requireBinary(`docker-credential-${name}`, 'golang-docker-credential-helpers');
    const dir = join(root, `shim-${name}`);
    mkdirSync(dir);
    const log = join(dir, 'started.log');
    const script = join(dir, `docker-credential-${name}`);
    writeFileSync(script, `#!/bin/sh\n{ printf 'argv:'; printf ' %s' "$@"; printf '\\n'; env; } >> '${log}'\nexec '${real}' "$@"\n`);
    chmodSync(script, 0o755);
    writeFileSync(log, '');
    return { path: dir, log };
  }

  /** The helper's own failure: pass without the GnuPG key, secretservice without its D-Bus. */
  function broken(name: 'pass' | 'secretservice'): Record<string, string> {
    if (name === 'secretservice') return { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(root, 'no-bus')}` };
    const gnupg = join(root, 'empty-gnupg');
    mkdirSync(gnupg, { recursive: true, mode: 0o700 });
    return { GNUPGHOME: gnupg };
  }

  it.each(['pass', 'secretservice'] as const)('helper:%s: app secret and tokens only in the helper, never in output, arguments or files', async (name) => {
    const helperEnv = name === 'pass' ? pass.env : service.env;
    const { path, log } = shim(name);
    const dir = join(root, name);
    mkdirSync(dir);
    const rec = new Recorder({
      ...helperEnv, PATH: `${path}:${helperEnv.PATH}`, FBTOK_STORE: `helper:${name}`,
      FBTOK_CONFIG_DIR: dir, FBTOK_GRAPH_URL: emu.url, FBTOK_WWW_URL: emu.url, FBTOK_RETRY_BASE_MS: '1',
    }, dir);
    const user = emu.issueUserToken({ lifetime: 'long' });
    await rec.cli(['config', 'set', 'app-id', emu.appId]);
    await rec.variants(['config', 'set', 'app-secret', '--stdin'], { input: APP_SECRET });
    await rec.variants(['token', 'import', '--token-stdin', '--force'], { input: user });
    await manualLogin(rec, ['--verbose']);
    await browserLogin(rec, ['--verbose', '--json']);
    await rec.variants(['page-tokens']);
    for (const args of [['debug-token', '--all'], ['status', '--check'], ['token', 'list'], ['doctor'], ['log'], ['config', 'list']]) {
      await rec.variants(args, { code: args[0] === 'doctor' ? [0, 2, 4] : 0 });
    }
    await rec.cli(['--verbose', 'rotate', '--within', '70d'], { code: [0, 8] });
    await rec.cli(['--verbose', 'exec', '--mask', '--env', 'T=user', '--app-secret-env', 'S', '--', 'sh', '-c', 'echo "token=$T secret=$S"; cat /proc/$PPID/cmdline']);
    await rec.cli(['--verbose', 'token', 'export', '--format', 'dotenv'], { tokenOnStdout: true });
    for (const [i, form] of [[], ['--verbose'], ['--json']].entries()) {
      await rec.cli(['token', 'import', '--token-stdin', '--name', `del-${i}`], { input: emu.issueUserToken({ lifetime: 'long' }) });
      await rec.cli([...form, 'token', 'delete', `del-${i}`]);
    }
    // Error paths: Graph failing, a token the helper no longer has, a helper that cannot decrypt or reach its
    // keyring, a helper that is not installed (an app secret on stdin all the while).
    emu.injectFault({ kind: 'http-500', times: Infinity });
    await rec.variants(['debug-token'], { code: 6 });
    emu.clearFaults();
    await rec.cli(['--verbose', '--json', 'token', 'delete', 'del-0'], { code: 2 });
    await rec.cli(['--verbose', 'debug-token'], { code: 7, env: broken(name) });
    // A new value (an unchanged secret is not written again), which the failing helper never stores.
    await rec.cli(['--verbose', 'config', 'set', 'app-secret', '--stdin'], { code: 7, input: WRONG_SECRET, env: broken(name) });
    await rec.cli(['--verbose', '--json', 'config', 'set', 'app-secret', '--stdin'], { code: 7, input: WRONG_SECRET, env: { FBTOK_STORE: 'helper:fbtok-missing' } });
    await rec.cli(['debug-token']);

    const secrets = await canaries(emu, rec);
    expect([...secrets.values()].filter((c) => c.what.startsWith('the stored token')).length).toBeGreaterThanOrEqual(2);
    const started = readFileSync(log, 'utf8');
    expect(started).toMatch(/^argv: store$/m);
    expect(started).toMatch(/^argv: get$/m);
    const seen: Seen[] = [...rec.seen, ...rec.files(), { label: `how docker-credential-${name} was started`, text: started }];
    if (name === 'pass') seen.push(...rec.files(pass.env.PASSWORD_STORE_DIR, 'pass store file'));
    expect(rec.files().map((f) => f.label)).not.toContain('file tokens.json');
    expectNoLeak(seen, secrets);
  }, 240_000);
});
