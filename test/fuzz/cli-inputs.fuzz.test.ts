// Hostile local input through fbtok's real main(): token names, profile names, --env specs, config files
// and token store files (plain and encrypted: truncated, garbage, wrong version, wrong types). The CLI
// answers with a documented exit code and a one-line error, never "Unexpected error" or a stack, and never
// writes a damaged store: a refused command leaves every file byte for byte as it was.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expectHandled, expectOnlyLogAppended, runMain, snapshot, STACK_FRAME } from './in-process.js';
import { PASSPHRASE, useCliFixture } from './cli-fixture.js';
import { damaged, junk, partial, recordKeys, storeIndex, swaps, withSwaps } from './hostile-values.js';
import { runCli } from '../helpers/run-cli.js';
import { timeBoxed } from './time-boxed.js';

const DEFAULT_RUNS = 40;
const RUNS = Number(process.env.FBTOK_FUZZ_RUNS ?? DEFAULT_RUNS);
/** A third of the default: a 2-core machine runs every default case of a property within a few seconds. */
const MIN_RUNS = Math.ceil(DEFAULT_RUNS / 3);
const fx = useCliFixture();
const { env, dirWith } = fx;

const name = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ maxLength: 20, unit: 'binary' }),
  fc.constantFrom('', ' ', '-', '--json', 'page:', 'page:../../etc', '../user', 'user\n', 'a'.repeat(300), 'fbtok://x/y', 'ü', '%2e%2e', 'user\u0000'),
);
const options = timeBoxed(RUNS, 25_000, MIN_RUNS);

describe('names from the command line', () => {
  it('token get / debug-token / token delete NAME: handled, store untouched', async () => {
    const dir = dirWith({ 'tokens.json': fx.plainStore });
    const before = snapshot(dir);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('token get', 'debug-token', 'token delete'), name.filter((s) => s !== 'user' && !s.startsWith('page:1')), async (command, arg) => {
        const r = await runMain([...command.split(' '), '--', arg], env(dir));
        expectHandled(r, `${command} ${JSON.stringify(arg)}`);
        expect(r.code, `${command} ${JSON.stringify(arg)} succeeded`).not.toBe(0);
        // token delete logs the attempt on a missing name: the log grows, nothing else changes.
        expectOnlyLogAppended(snapshot(dir), before, `${command} ${JSON.stringify(arg)}`);
      }),
      options,
    );
  });

  it('--profile NAME status: an invalid name is exit 2, a valid one shows an empty profile', async () => {
    const dir = dirWith({ 'tokens.json': fx.plainStore });
    const before = snapshot(dir);
    await fc.assert(
      fc.asyncProperty(name, async (profile) => {
        const r = await runMain(['--profile', profile, 'status'], env(dir));
        expectHandled(r, `--profile ${JSON.stringify(profile)} status`);
        if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(profile)) expect(r.code).toBe(2);
        expect(snapshot(dir)).toEqual(before);
      }),
      options,
    );
  });

  it('exec --env SPEC: a bad spec is a usage error before anything runs', async () => {
    const dir = dirWith({ 'tokens.json': fx.plainStore });
    const marker = join(dir, 'ran');
    const spec = fc.oneof(
      name,
      fc.tuple(name, name).map(([k, v]) => `${k}=${v}`),
      fc.tuple(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/), fc.constantFrom('fbtok://', 'fbtok://x', 'fbtok:///user', 'fbtok://default/', 'fbtok://../user', 'fbtok://default/nope', '')).map(([k, v]) => `${k}=${v}`),
    ).filter((s) => !/^[A-Za-z_][A-Za-z0-9_]*=(user|fbtok:\/\/default\/user)$/.test(s));
    await fc.assert(
      fc.asyncProperty(spec, async (s) => {
        const r = await runMain(['exec', '--env', s, '--', process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, '')`], env(dir));
        expectHandled(r, `exec --env ${JSON.stringify(s)}`);
        expect([2, 3, 7], `exec --env ${JSON.stringify(s)}: ${r.stderr}`).toContain(r.code);
        expect(() => readFileSync(marker), 'the child ran').toThrow();
      }),
      options,
    );
  });
});

const settings = partial({ appId: junk, graphVersion: junk, store: junk, port: junk, scopes: junk, redirectUri: junk, pkce: junk });
const configText = fc.oneof(
  fc.record({ version: junk, profiles: fc.oneof(junk, fc.record({ default: fc.oneof(junk, settings) })) }, { requiredKeys: ['profiles'] }).map((c) => JSON.stringify(c)),
  settings.map((s) => JSON.stringify({ version: 1, profiles: { default: s } })),
  fc.json({ maxDepth: 2 }),
  fc.string({ maxLength: 80 }),
  fc.nat({ max: 60 }).map((cut) => JSON.stringify({ version: 1, profiles: { default: { appId: '1', port: 9000 } } }).slice(0, cut)),
);

describe('config files', () => {
  it('status, config list, token list, debug-token: handled whatever config.json holds; refusals touch nothing', async () => {
    await fc.assert(
      fc.asyncProperty(configText, fc.constantFrom('status', 'config list', 'token list', 'debug-token --token-stdin'), async (text, command) => {
        const dir = dirWith({ 'config.json': text, 'tokens.json': fx.plainStore });
        const before = snapshot(dir);
        const r = await runMain(command.split(' '), env(dir, { FBTOK_APP_ID: '' }), fx.user);
        expectHandled(r, `${command} with config.json ${text.slice(0, 200)}`);
        expect(snapshot(dir)).toEqual(before);
      }),
      options,
    );
  });

  it('config set port: refused without touching a broken file, or leaves a file that reads back', async () => {
    await fc.assert(
      fc.asyncProperty(configText, async (text) => {
        const dir = dirWith({ 'config.json': text });
        const before = snapshot(dir);
        const r = await runMain(['config', 'set', 'port', '9000'], env(dir));
        expectHandled(r, `config set port with config.json ${text.slice(0, 200)}`);
        if (r.code !== 0) expect(snapshot(dir)).toEqual(before);
        else expectHandled(await runMain(['config', 'list'], env(dir)), 'config list after config set');
      }),
      options,
    );
  });
});

/** The valid store with some fields of the file, the profile's index or its first record replaced by junk. */
const mutatedStore = (): fc.Arbitrary<string> => {
  type Store = { profiles: { default: { records: Record<string, unknown>[] } & Record<string, unknown> } } & Record<string, unknown>;
  const valid = JSON.parse(fx.plainStore) as Store;
  const edit = (change: (copy: Store) => void) => {
    const copy = structuredClone(valid);
    change(copy);
    return JSON.stringify(copy);
  };
  return fc.oneof(
    { weight: 4, arbitrary: swaps(recordKeys(valid.profiles.default.records[0])).map((pairs) => edit((c) => (c.profiles.default.records[0] = withSwaps(c.profiles.default.records[0], pairs)))) },
    swaps(['schemaVersion', 'records', 'appSecrets']).map((pairs) => edit((c) => (c.profiles.default = withSwaps(c.profiles.default, pairs)))),
    swaps(['format', 'version', 'profiles', 'secrets']).map((pairs) => JSON.stringify(withSwaps(valid, pairs))),
  );
};

const plainText = (): fc.Arbitrary<string> => fc.oneof(
  { weight: 4, arbitrary: mutatedStore() },
  fc.record({
    format: fc.oneof(fc.constant('fbtok-tokens'), junk), version: fc.oneof(fc.constantFrom(1, 2, 0), junk),
    profiles: fc.oneof(junk, fc.record({ default: fc.oneof(junk, storeIndex) })), secrets: fc.oneof(junk, fc.constant({ 'default/user': fx.user })),
  }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  { weight: 3, arbitrary: damaged(fx.plainStore) },
);

/** Readers must not write; writers must not damage: a refusal leaves the bytes, a success leaves a readable store. */
async function storeProperty(text: string, command: string, extra: Record<string, string>): Promise<void> {
  const dir = dirWith({ 'tokens.json': text });
  const before = snapshot(dir);
  const argv = command.split(' ');
  const r = await runMain(argv, env(dir, extra), command.includes('--stdin') ? 'CANARYnewAppSecret-0001' : '');
  const what = `${command} with tokens.json ${JSON.stringify(text.slice(0, 300))}`;
  expectHandled(r, what);
  const writer = command.startsWith('config set') || command.startsWith('token delete');
  if (r.code !== 0 || !writer) {
    expect(snapshot(dir), `${what} changed the store`).toEqual(before);
    return;
  }
  const after = await runMain(['token', 'list'], env(dir, extra));
  expectHandled(after, `token list after ${what}`);
  expect(after.code, `the store ${what} wrote cannot be read back: ${after.stderr}`).toBe(0);
}

describe('token store files', () => {
  const commands = fc.constantFrom('status', 'status --json', 'token list', 'token get user', 'token export --format env', 'rotate --dry-run', 'config set app-secret --stdin', 'token delete user');

  it('plain tokens.json (truncated, garbage, wrong version, wrong types): handled, never damaged', async () => {
    // In-process runs take milliseconds: enough of them that one wrong field under one reader is found.
    await fc.assert(
      fc.asyncProperty(plainText(), commands, (text, command) => storeProperty(text, command, {})),
      timeBoxed(RUNS * 8, 25_000, MIN_RUNS * 8),
    );
  });

  it('encrypted tokens.json (damaged envelope, wrong passphrase): exit 7 and untouched, or readable', async () => {
    const envelope = JSON.parse(fx.encryptedStore) as Record<string, unknown>;
    const damaged = fc.oneof(
      fc.nat({ max: fx.encryptedStore.length - 1 }).map((cut) => fx.encryptedStore.slice(0, cut)),
      fc.constantFrom('format', 'version', 'kdf', 'cipher', 'nonce', 'tag', 'data').chain((key) => junk.map((v) => JSON.stringify({ ...envelope, [key]: v }))),
      partial({ N: junk, r: junk, p: junk, salt: junk, name: junk }).map((kdf) => JSON.stringify({ ...envelope, kdf })),
    );
    const passphrases = fc.oneof(fc.constant(PASSPHRASE), fc.constant(''), fc.string({ minLength: 1, maxLength: 20 }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(damaged, fc.constant(fx.encryptedStore)), passphrases, commands, async (text, passphrase, command) => {
        await storeProperty(text, command, passphrase ? { FBTOK_STORE_PASSPHRASE: passphrase } : {});
      }),
      timeBoxed(Math.ceil(RUNS / 2), 25_000, Math.ceil(MIN_RUNS / 2)),
    );
  });

  it('a token file that is not JSON is never quoted back, even with --verbose (V8 quotes the start of the input)', async () => {
    const secretStart = 'CANARYrawTokenWrittenByHand0123456789';
    for (const body of [secretStart, `${secretStart}\n{}`]) {
      for (const flags of [[], ['--verbose']]) {
        const r = await runMain([...flags, 'status'], env(dirWith({ 'tokens.json': body })));
        expect(r.code, r.stderr).toBe(7);
        expect(r.stderr).not.toContain(secretStart.slice(1, 9));
      }
    }
  });

  it('a truncated tokens.json through the real binary: exit 7, one line, no stack, file untouched', async () => {
    const dir = dirWith({ 'tokens.json': fx.plainStore.slice(0, 40) });
    const before = snapshot(dir);
    for (const [args, input] of [[['status'], ''], [['token', 'import', '--token-stdin'], fx.user]] as const) {
      const r = await runCli([...args], { env: env(dir), input });
      expect(r.code, r.stderr).toBe(7);
      expect(r.stderr).toMatch(/^error: The token file .* is corrupt/m);
      expect(r.stderr).toMatch(/left untouched/);
      expect(r.stderr).not.toMatch(STACK_FRAME);
    }
    expect(snapshot(dir)).toEqual(before);
  });
});
