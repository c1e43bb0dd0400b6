// `fbtok token get NAME` runs without commander (src/direct.ts, bin/fbtok.cjs). It must be the same command:
// for every store state and setting, the same stdout, stderr and exit code as through main().
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directTokenGet, runDirect } from '../../src/direct.js';
import { createTokenStore } from '../../src/store/create-store.js';
import { resolvePaths } from '../../src/config/paths.js';
import { fingerprint } from '../../src/store/fingerprint.js';
import { systemClock } from '../../src/io/clock.js';
import { runEntry, runMain } from '../fuzz/in-process.js';
import { runCli } from '../helpers/run-cli.js';
import { record, token } from '../helpers/store-fixtures.js';
import { main } from '../../src/main.js';

const root = resolve(import.meta.dirname, '../..');
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fbtok-direct-'));
  env = { FBTOK_CONFIG_DIR: dir, FBTOK_STORE: 'file' };
  const store = await createTokenStore({ kind: 'file', profile: 'default', paths: resolvePaths(env), env, clock: systemClock, interactive: false, warn: () => {} });
  const entry = (name: string, secret: string, overrides = {}) => ({ secret, record: { ...record(name, overrides), fingerprint: fingerprint(secret) } });
  await store.put(
    [
      entry('user', token('user')),
      entry('page:1', token('page1'), { expiresAt: '2020-01-01T00:00:00.000Z' }),
      entry('page:2', token('page2'), { invalid: { at: '2026-01-01T00:00:00.000Z', code: 190, subcode: 460, message: 'password changed' } }),
    ],
    { command: 'test' },
  );
  await store.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('token get without the parser', () => {
  const cases: [string, string, Record<string, string>][] = [
    ['a stored token', 'user', {}],
    ['an expired token (warning, then the token)', 'page:1', {}],
    ['a token marked invalid', 'page:2', {}],
    ['no such token', 'page:404', {}],
    ['another profile', 'user', { FBTOK_PROFILE: 'other' }],
    ['an invalid profile name', 'user', { FBTOK_PROFILE: '../x' }],
    ['an empty FBTOK_PROFILE', 'user', { FBTOK_PROFILE: '' }],
    ['a bad FBTOK_TIMEOUT', 'user', { FBTOK_TIMEOUT: 'soon' }],
    ['a bad FBTOK_MAX_WAIT', 'user', { FBTOK_MAX_WAIT: '-1' }],
    ['an unknown store', 'user', { FBTOK_STORE: 'floppy' }],
    ['a helper store whose helper is missing', 'user', { FBTOK_STORE: 'helper:fbtok-test-missing' }],
    ['colour off by NO_COLOR and CI', 'page:1', { NO_COLOR: '1', CI: 'true' }],
  ];
  it.each(cases)('%s: same output and exit code as main()', async (_label, name, extra) => {
    const argv = ['token', 'get', name];
    const direct = await runEntry(runDirect, argv, { ...env, ...extra });
    const full = await runMain(argv, { ...env, ...extra });
    expect(direct).toEqual(full);
  });

  it('prints the secret itself, and nothing else', async () => {
    const r = await runEntry(runDirect, ['token', 'get', 'user'], env);
    expect(r).toEqual({ code: 0, stdout: `${token('user')}\n`, stderr: '' });
  });

  it('a corrupt store file: exit 7, same as main(), the file left as it was', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'fbtok-direct-broken-'));
    try {
      writeFileSync(join(broken, 'tokens.json'), '{"format":"fbtok-tokens","secrets":{"default/user":"EAAB');
      const before = readFileSync(join(broken, 'tokens.json'), 'utf8');
      const brokenEnv = { FBTOK_CONFIG_DIR: broken, FBTOK_STORE: 'file' };
      const direct = await runEntry(runDirect, ['token', 'get', 'user'], brokenEnv);
      expect(direct).toEqual(await runMain(['token', 'get', 'user'], brokenEnv));
      expect(direct.code).toBe(7);
      expect(readFileSync(join(broken, 'tokens.json'), 'utf8')).toBe(before);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });

  it('takes exactly `token get NAME`; anything else goes to the full CLI', async () => {
    expect(directTokenGet(['token', 'get', 'page:1'])).toBe('page:1');
    for (const argv of [['token', 'get'], ['token', 'get', '--help'], ['token', 'get', 'user', '--json'], ['--json', 'token', 'get', 'user'], ['token', 'list', 'x'], ['token', 'get', '']]) {
      expect(directTokenGet(argv)).toBeUndefined();
      expect(await runDirect(argv, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env })).toBeUndefined();
    }
  });
});

describe('bin/fbtok.cjs shortcuts', () => {
  it('token get through the bin prints the token (stdout written to its descriptor)', async () => {
    const r = await runCli(['token', 'get', 'user'], { env });
    expect(r).toMatchObject({ code: 0, stdout: `${token('user')}\n`, stderr: '' });
  });

  it('token get through the bin: errors as the full CLI gives them', async () => {
    const r = await runCli(['token', 'get', 'page:404'], { env });
    const full = await runMain(['token', 'get', 'page:404'], env);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual(full);
  });

  it('--version prints package.json version', async () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    for (const flag of ['--version', '-V']) expect(await runCli([flag])).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('--help prints the help rendered at build time, which is what the program prints', async () => {
    const built = readFileSync(join(root, 'dist', 'cli', 'help.txt'), 'utf8');
    const live = await runEntry(main, ['--help'], env);
    expect(live).toEqual({ code: 0, stdout: built, stderr: '' });
    for (const flag of ['--help', '-h']) expect(await runCli([flag])).toMatchObject({ code: 0, stdout: built, stderr: '' });
    expect(built).toContain('token');
    expect(built).toContain('Exit codes:');
  });
});
