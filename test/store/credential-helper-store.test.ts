// The helper:NAME store over real Docker credential helpers: `pass` (GnuPG) and `secretservice`.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/errors.js';
import { createTokenStore } from '../../src/store/create-store.js';
import { requireCredentialHelper, setupPass, type PassHandle } from '../helpers/credential-helpers.js';
import { startSecretService, type SecretServiceHandle } from '../helpers/secret-service.js';
import { clock, record, tempPaths, token } from '../helpers/store-fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { HELPER_TIMEOUT_MS, KEYCHAIN_TIMEOUT_MS, resolveCallTimeout, resolveHelperTimeout } from '../../src/store/call-timeout.js';

const run = promisify(execFile);
import { storeContract } from './store-contract.js';

let pass: PassHandle;
let service: SecretServiceHandle;
let cleanup: Array<() => Promise<void>> = [];
let seq = 0;

beforeAll(async () => {
  requireCredentialHelper('secretservice');
  [pass, service] = await Promise.all([setupPass(), startSecretService()]);
}, 60_000);
afterAll(async () => {
  await pass?.stop();
  await service?.stop();
});
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function helperStore(kind: string, env: Record<string, string>, callTimeoutMs?: number) {
  const paths = await tempPaths();
  cleanup.push(() => paths.remove());
  const profile = `h${++seq}`;
  const store = await createTokenStore({ kind, profile, paths, env, clock, interactive: false, warn: () => {}, callTimeoutMs });
  return { paths, store, profile };
}

// Each helper call may take up to its 60 s default (a loaded machine slows gpg down): a contract test makes
// several, so its time limit is a multiple of that, never tighter than one call's own bound.
describe('helper:pass', () => {
  storeContract(() => helperStore('helper:pass', pass.env), 180_000);
});

describe('helper:secretservice', () => {
  storeContract(() => helperStore('helper:secretservice', service.env), 180_000);
});

describe('switching stores', () => {
  it('each vault keeps its own index: a token stored in one is neither listed by nor skipped for another', async () => {
    const paths = await tempPaths();
    cleanup.push(() => paths.remove());
    const open = (kind: string, env: Record<string, string>) =>
      createTokenStore({ kind, profile: 'default', paths, env, clock, interactive: false, warn: () => {} });
    const viaPass = await open('helper:pass', pass.env);
    await viaPass.put([{ record: record('user'), secret: token(7) }], { command: 'login' });
    const viaSecretService = await open('helper:secretservice', service.env);
    expect(await viaSecretService.list()).toEqual([]);
    // The same token stored again in the other vault is really written there.
    await viaSecretService.put([{ record: record('user'), secret: token(7) }], { command: 'login' });
    expect(await viaSecretService.getSecret('user')).toBe(token(7));
    expect(await viaPass.getSecret('user')).toBe(token(7));
    // Deleting from one leaves the other's record and secret alone.
    await viaSecretService.delete('user', { command: 'token delete' });
    expect((await viaPass.list()).map((r) => r.name)).toEqual(['user']);
    expect(await viaPass.getSecret('user')).toBe(token(7));
  });
});

describe('helper errors', () => {
  async function fakeHelper(script: string): Promise<Record<string, string>> {
    const dir = await mkdtemp(join(tmpdir(), 'fbtok-fake-helper-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'docker-credential-fake');
    await writeFile(path, `#!/bin/sh\n${script}\n`);
    await chmod(path, 0o755);
    return { PATH: `${dir}:${process.env.PATH}` };
  }

  it("a helper never sees fbtok's own secrets in its environment", async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'fbtok-helper-env-')), 'env.txt');
    cleanup.push(() => rm(dirname(out), { recursive: true, force: true }));
    const env = await fakeHelper(`cat > /dev/null; if [ "$1" = get ]; then echo 'credentials not found in native keychain'; exit 1; fi; env > '${out}'`);
    const canaries = { FBTOK_APP_SECRET: 'CANARYappsecret000', FBTOK_STORE_PASSPHRASE: 'CANARYpassphrase000', FBTOK_ACCESS_TOKEN: 'EAACANARYtoken0000000000000' };
    const { store } = await helperStore('helper:fake', { ...env, ...canaries, FBTOK_PROFILE: 'kept' });
    await store.put([{ record: record('user'), secret: token(3) }], { command: 'login' });
    const seen = await readFile(out, 'utf8');
    expect(seen).toContain('FBTOK_PROFILE=kept');
    for (const value of Object.values(canaries)) expect(seen).not.toContain(value);
  });

  it('a helper that is not installed: exit 7 naming it and the alternatives', async () => {
    const { store } = await helperStore('helper:nosuchthing', { PATH: process.env.PATH ?? '' });
    const error = await store.put([{ record: record('user'), secret: token(1) }], { command: 'login' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toBe('docker-credential-nosuchthing is not installed (not found on PATH).');
    expect((error as StoreUnavailableError).remedy).toMatch(/--store keychain.*--store file/);
  });

  it('a failing helper: exit 7 with its message redacted, the secret only ever on stdin', async () => {
    // Echoes its argv and stdin back in the error, as a careless helper might.
    const env = await fakeHelper('input=$(cat); echo "store failed: args=$* input=$input" >&2; exit 1');
    const { store } = await helperStore('helper:fake', env);
    const error = await store.put([{ record: record('user'), secret: token('leak') }], { command: 'login' }).catch((e: unknown) => e);
    expect((error as StoreUnavailableError).exitCode).toBe(7);
    expect((error as Error).message).toMatch(/^docker-credential-fake get failed \(exit status 1: store failed: args=get input=fbtok:\/\/h\d+\/user\)\.$/);
    const error2 = await store.setAppSecret('app-secret', 'plain-app-secret-CANARY', { command: 'config set' }).catch((e: unknown) => e);
    expect((error2 as Error).message).toContain('store failed: args=store input=');
    expect((error2 as Error).message).not.toContain('CANARY');
  });

  it('a helper that prints the bare secret instead of JSON: exit 7, and not a character of it, even with --verbose', async () => {
    const secret = 'EAABrawSECRETcanary0000000000000000';
    // Stores like a helper should; once something is stored, `get` prints it bare.
    const dir = await mkdtemp(join(tmpdir(), 'fbtok-raw-helper-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const env = await fakeHelper(`case "$1" in
  store) cat > '${dir}/stored' ;;
  get) cat > /dev/null; if [ -f '${dir}/stored' ]; then printf '%s' '${secret}'; else echo 'credentials not found in native keychain'; exit 1; fi ;;
  *) cat > /dev/null ;;
esac`);
    const indexed = await helperStore('helper:fake', env);
    await indexed.store.put([{ record: record('user'), secret }], { command: 'import' });
    const cliEnv = { ...env, FBTOK_CONFIG_DIR: indexed.paths.configDir, FBTOK_STATE_DIR: indexed.paths.stateDir, FBTOK_STORE: 'helper:fake', FBTOK_PROFILE: indexed.profile };
    for (const args of [['token', 'get', 'user'], ['token', 'get', 'user', '--verbose'], ['debug-token', 'user', '--verbose', '--json']]) {
      const r = await runCli(args, { env: cliEnv });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(7);
      expect(r.stderr).toContain('docker-credential-fake get printed something that is not JSON.');
      expect(r.stdout + r.stderr).not.toContain(secret.slice(0, 6));
    }
  });

  it("quotes none of the helper's stdout, only its exit status and one short stderr line with controls escaped", async () => {
    const secret = 'EAABhelperSECRETcanary000000000000';
    const b64 = Buffer.from(secret).toString('base64');
    const reversed = [...secret].reverse().join('');
    // A careless helper: copies of the secret on stdout, a terminal escape and a second line on stderr.
    const env = await fakeHelper(`cat > /dev/null; echo "${b64} ${reversed}"; printf 'bad \\033]0;owned\\007 thing\\nsecond line ${b64}\\n' >&2; exit 3`);
    const { store } = await helperStore('helper:fake', env);
    const error = await store.put([{ record: record('user'), secret }], { command: 'login' }).catch((e: unknown) => e);
    const message = (error as Error).message;
    expect((error as StoreUnavailableError).exitCode).toBe(7);
    expect(message).toBe('docker-credential-fake get failed (exit status 3: bad \\u001b]0;owned\\u0007 thing).');
    for (const copy of [secret, b64, reversed, 'second line']) expect(message).not.toContain(copy);
  });

  it('a helper whose child hangs (`sh` → `sleep`): its whole process group is killed and fbtok ends at the timeout', async () => {
    // Not `exec sleep`: the helper's own child holds the pipes, as pass → gpg → pinentry would.
    const env = await fakeHelper('cat > /dev/null; sleep 1000; echo never');
    const paths = await tempPaths();
    cleanup.push(() => paths.remove());
    const cliEnv = { ...env, FBTOK_CONFIG_DIR: paths.configDir, FBTOK_STATE_DIR: paths.stateDir, FBTOK_STORE: 'helper:fake', FBTOK_HELPER_TIMEOUT: '1000' };
    const started = Date.now();
    // The harness kills the CLI at 60 s: a CLI that waits for `sleep 1000` shows as SIGKILL.
    const r = await runCli(['config', 'get', 'app-secret'], { env: cliEnv, timeoutMs: 60_000 });
    expect(r.signal, r.stderr).toBeNull();
    expect(r.code, r.stderr).toBe(7);
    expect(r.stderr).toContain('docker-credential-fake get did not finish within 1s.');
    expect(Date.now() - started).toBeLessThan(1000 + 20_000); // the timeout plus a loaded machine's start-up
    const { stdout } = await run('ps', ['-eo', 'args']);
    expect(stdout).not.toMatch(/^sleep 1000$/m);
  });

  it('a helper that hangs is killed at the timeout: exit 7', async () => {
    const env = await fakeHelper('exec sleep 30');
    const { store } = await helperStore('helper:fake', env, 300);
    const started = Date.now();
    const error = await store.getSecret('user').catch((e: unknown) => e);
    expect((error as Error).message).toBe('docker-credential-fake get did not finish within 0.3s.');
    expect(Date.now() - started).toBeLessThan(10_000); // far below the helper's 30 s: it was killed, not awaited
  });
});

describe('call timeouts', () => {
  it('helpers default to 60 s (a gpg-backed pass may wait for pinentry), the keychain keeps 3 s; each has its variable', () => {
    expect(KEYCHAIN_TIMEOUT_MS).toBe(3000);
    expect(HELPER_TIMEOUT_MS).toBe(60_000);
    expect(resolveCallTimeout(undefined, {})).toBe(3000);
    expect(resolveHelperTimeout(undefined, {})).toBe(60_000);
    expect(resolveHelperTimeout(undefined, { FBTOK_KEYCHAIN_TIMEOUT: '500' })).toBe(60_000);
    expect(resolveHelperTimeout(undefined, { FBTOK_HELPER_TIMEOUT: '120000' })).toBe(120_000);
    expect(resolveCallTimeout(undefined, { FBTOK_KEYCHAIN_TIMEOUT: '5000', FBTOK_HELPER_TIMEOUT: '1' })).toBe(5000);
    expect(resolveHelperTimeout(250, { FBTOK_HELPER_TIMEOUT: '120000' })).toBe(250);
  });
});
