// The keychain store's record index (`index/keychain/<profile>.json` under the config dir) through the real
// main(): truncated, garbage, wrong version, wrong types. Commands that only read the index answer from it
// without touching the keychain (the binding loads at the first secret); commands that need the keychain
// find none (the session bus points at a missing socket, so the developer's keychain is never reached).
// Either way: a documented exit, one line, no stack, and the index byte for byte as it was.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { indexPath } from '../../src/store/vault-backend.js';
import { expectHandled, expectOnlyLogAppended, runMain, snapshot, STACK_FRAME } from './in-process.js';
import { useCliFixture } from './cli-fixture.js';
import { damaged, junk, recordKeys, storeIndex, swaps, withSwaps } from './hostile-values.js';
import { runCli } from '../helpers/run-cli.js';
import { timeBoxed } from './time-boxed.js';

const DEFAULT_RUNS = 40;
const RUNS = Number(process.env.FBTOK_FUZZ_RUNS ?? DEFAULT_RUNS);
/** A third of the default: a 2-core machine runs every default case of a property within a few seconds. */
const MIN_RUNS = Math.ceil(DEFAULT_RUNS / 3);
const INDEX = indexPath('', 'keychain', 'default');
/** What fbtok says when it did reach for the keychain (src/store/keychain-vault.ts, dbus-probe.ts). */
const KEYCHAIN_REACHED = /D-Bus|Secret Service|keychain (is locked|failed)/;
const fx = useCliFixture();

/** The keychain store on `dir`, with a session bus that does not exist. */
const keychainEnv = (dir: string) => fx.env(dir, { FBTOK_STORE: 'keychain', DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-bus')}` });

type Index = { records: Record<string, unknown>[] } & Record<string, unknown>;
/** The seeded store's profile as a keychain index, written as writeIndexFile writes it. */
const validIndex = () => JSON.parse(fx.plainStore).profiles.default as Index;
const indexText = (index: unknown) => `${JSON.stringify(index, null, 2)}\n`;

/** The seeded index with a few fields of its record or of itself swapped for junk, one from scratch, junk, or damage. */
const hostileIndex = (): fc.Arbitrary<string> => {
  const valid = validIndex();
  return fc.oneof(
    { weight: 4, arbitrary: swaps(recordKeys(valid.records[0])).map((pairs) => indexText({ ...valid, records: [withSwaps(valid.records[0], pairs)] })) },
    swaps(['schemaVersion', 'records', 'appSecrets']).map((pairs) => indexText(withSwaps(valid, pairs))),
    storeIndex.map(indexText),
    junk.map(indexText),
    { weight: 3, arbitrary: damaged(indexText(valid)) },
  );
};

const readers = fc.constantFrom('status', 'status --json', 'token list', 'token list --json');
// Each reads the index before it needs the keychain, so a refused index stops it there.
const writers = fc.constantFrom('token delete user', 'config set app-secret --stdin', 'token import --token-stdin');

async function run(dir: string, command: string) {
  const input = command.includes('--token-stdin') ? fx.user : command.includes('--stdin') ? 'CANARYnewAppSecret-0001' : '';
  return runMain(command.split(' '), keychainEnv(dir), input);
}

/** One command over a config dir holding `text` as the index: a documented exit, and the snapshots. */
async function runOnIndex(text: string, command: string) {
  const dir = fx.dirWith({ [INDEX]: text });
  const before = snapshot(dir);
  const r = await run(dir, command);
  const what = `${command} with ${INDEX} ${JSON.stringify(text.slice(0, 300))}`;
  expectHandled(r, what);
  return { r, what, before, after: snapshot(dir) };
}

describe('keychain index files', () => {
  it('the seeded index reads back: readers succeed without the keychain, a secret needs it', async () => {
    const dir = fx.dirWith({ [INDEX]: indexText(validIndex()) });
    for (const command of ['status', 'token list']) {
      const r = await run(dir, command);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^user\s/m);
    }
    // The other half of the set-up: a command that needs the keychain says it cannot reach one.
    const r = await run(dir, 'token get user');
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(KEYCHAIN_REACHED);
  });

  it('readers (status, token list): the index or a refusal naming it, never the keychain, never a write', async () => {
    await fc.assert(
      fc.asyncProperty(hostileIndex(), readers, async (text, command) => {
        const { r, what, before, after } = await runOnIndex(text, command);
        expect([0, 7], `${what}: exit ${r.code}: ${r.stderr}`).toContain(r.code);
        // An index that lists nothing: status asks the keychain whether that is the truth, and says it cannot be reached.
        const emptyIndexExplained = command.startsWith('status') && /^error: No tokens are indexed for profile "default", and the keychain cannot be reached: /m.test(r.stderr);
        if (r.code === 7 && !emptyIndexExplained) expect(r.stderr, what).toMatch(/^error: The token index .* (is corrupt|is not a token index|holds a record|was written by a newer fbtok)/m);
        if (!emptyIndexExplained) expect(r.stderr, `${what} reached for the keychain`).not.toMatch(KEYCHAIN_REACHED);
        expect(after, `${what} wrote`).toEqual(before);
      }),
      timeBoxed(RUNS * 4, 25_000, MIN_RUNS * 4),
    );
  });

  it('writers (token delete, config set app-secret, token import): nothing to do or exit 7, the index untouched', async () => {
    await fc.assert(
      fc.asyncProperty(hostileIndex(), writers, async (text, command) => {
        // A refused index, or (for one that reads) no keychain to write the secret to: the index comes last.
        // Exit 0 only when the index already says the secret is stored (the same token imported again);
        // exit 2 only when it says the name holds another token, which needs a confirmation no pipe can give.
        const { r, what, before, after } = await runOnIndex(text, command);
        expect([0, 2, 7], `${what}: exit ${r.code}: ${r.stderr}`).toContain(r.code);
        if (r.code === 0) expect(r.stderr, what).toMatch(/nothing changed/);
        if (r.code === 2) expect(r.stderr, what).toMatch(/^error: Confirmation to replace "user", which holds/m);
        expectOnlyLogAppended(after, before, what);
      }),
      timeBoxed(RUNS, 25_000, MIN_RUNS),
    );
  });

  it.each([
    ['an empty file', ''],
    ['a newer schema', indexText({ schemaVersion: 99, records: [], appSecrets: {} })],
    ['a record of a newer schema', indexText({ schemaVersion: 1, records: [{ name: 'user', fingerprint: 'abcd1234', schemaVersion: 99 }], appSecrets: {} })],
    ['JSON null', 'null'],
  ])('%s: exit 7 naming the index, untouched', async (_name, text) => {
    const dir = fx.dirWith({ [INDEX]: text });
    const before = snapshot(dir);
    const r = await run(dir, 'status');
    expectHandled(r, `status with ${JSON.stringify(text)}`);
    expect(r.code, r.stderr).toBe(7);
    expect(r.stderr).toMatch(/^error: The token index /m);
    expect(snapshot(dir)).toEqual(before);
  });

  it('a directory where the index should be: exit 7, one line', async () => {
    const dir = fx.dirWith({});
    mkdirSync(join(dir, INDEX), { recursive: true });
    const r = await run(dir, 'token list');
    expectHandled(r, 'token list with a directory for an index');
    expect(r.code, r.stderr).toBe(7);
    expect(r.stderr).toMatch(/^error: \S*index\/keychain\/default\.json is a directory, not a regular file\./m);
  });

  it('an index that is not JSON is never quoted back, even with --verbose', async () => {
    const secretStart = 'CANARYrawTokenWrittenByHand0123456789';
    for (const flags of [[], ['--verbose']]) {
      const r = await runMain([...flags, 'status'], keychainEnv(fx.dirWith({ [INDEX]: `${secretStart}\n{}` })));
      expect(r.code, r.stderr).toBe(7);
      expect(r.stderr).not.toContain(secretStart.slice(1, 9));
    }
  });

  it('a truncated index through the real binary: exit 7, one line, no stack, file untouched', async () => {
    const dir = fx.dirWith({ [INDEX]: indexText(validIndex()).slice(0, 40) });
    const before = snapshot(dir);
    for (const [args, input] of [[['token', 'list'], ''], [['token', 'import', '--token-stdin'], fx.user]] as const) {
      const r = await runCli([...args], { env: keychainEnv(dir), input });
      expect(r.code, r.stderr).toBe(7);
      expect(r.stderr).toMatch(/^error: The token index .* is corrupt/m);
      expect(r.stderr).toMatch(/left untouched/);
      expect(r.stderr).not.toMatch(STACK_FRAME);
    }
    expect(snapshot(dir)).toEqual(before);
  });
});
