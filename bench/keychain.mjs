// The bulk benchmarks on the real Secret Service (gnome-keyring on a private D-Bus), against the
// keychain's own floor: calls made x the per-call cost measured in this run, on the same service.
// gnome-keyring under this load has been seen to drop off the bus or stall: every step has a time limit,
// a failed part is tried once more on a fresh Secret Service, and a part that fails twice is reported as
// not measured instead of ending the whole benchmark.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';
import { CLI, auditEntries, cliEnv, fmt, median, root, secretWrites, tempDir, timed } from './lib.mjs';
import { seedStore } from './store-seed.mjs';

const TARGET = 1.5;
const PEAK_MB = 100;
const ROUNDS = 5;
const mb = (run) => `${((run.peakKb ?? 0) / 1024).toFixed(0)} MB`;
const { KEYCHAIN_SERVICE } = await import(join(root, 'dist', 'store', 'secret-vault.js'));
const STEP_TIMEOUT_MS = 300_000;
/** The cost script takes under a minute (1,000 writes, 60 reads, a search) when the daemon is well. */
const COST_TIMEOUT_MS = 150_000;

export async function benchKeychain(report) {
  await part(report, 'page-tokens, 1,000 Pages (keychain)', (busEnv) => pageTokensOnKeychain(report, busEnv));
  await part(report, 'debug-token --all, 500 tokens (keychain)', (busEnv) => debugAllOnKeychain(report, busEnv));
}

/** Runs one part on a fresh Secret Service (a search's cost grows with every entry stored); once more if it fails. */
async function part(report, name, run) {
  let lastError;
  for (let attempt = 1; attempt <= 2; attempt++) {
    const service = await startSecretService();
    try {
      return await run({ ...service.env });
    } catch (error) {
      lastError = error;
      console.error(`${name}: ${String(error.message).split('\n')[0]}${attempt === 1 ? ' (trying again on a fresh Secret Service)' : ''}`);
    } finally {
      await service.stop();
    }
  }
  report({ name, value: `not measured: ${String(lastError.message).split('\n')[0].slice(0, 120)}`, target: `<= ${TARGET}x`, pass: false });
}

/** Per-call cost of the binding on this bus, with `entries` entries accumulating (bench/keychain-cost.mjs). */
function callCost(busEnv, entries) {
  return costScript(busEnv, [], { WRITE_ENTRIES: String(entries) });
}

/** The time one search of fbtok's own entries takes, as they stand on this bus. */
function searchCost(busEnv) {
  return costScript(busEnv, ['search', KEYCHAIN_SERVICE]);
}

function costScript(busEnv, args, extraEnv = {}) {
  const env = { ...process.env, ...busEnv, ...extraEnv };
  try {
    const options = { env, encoding: 'utf8', timeout: COST_TIMEOUT_MS, killSignal: 'SIGKILL', stdio: ['ignore', 'pipe', 'pipe'] };
    return JSON.parse(execFileSync(process.execPath, [join(root, 'bench', 'keychain-cost.mjs'), ...args], options));
  } catch (error) {
    const phases = String(error.stderr ?? '').trim().split('\n');
    const where = phases.at(-1)?.replace(/^phase: /, '') || 'start';
    throw new Error(`measuring the per-call cost ${error.code === 'ETIMEDOUT' ? `stalled after ${COST_TIMEOUT_MS / 1000} s` : 'failed'} (at ${where})`);
  }
}

/** `fn(busEnv)` on a Secret Service of its own, stopped afterwards. */
async function onFreshService(fn) {
  const service = await startSecretService();
  try {
    return await fn(service.env);
  } finally {
    await service.stop();
  }
}

async function pageTokensOnKeychain(report, busEnv) {
  // The per-call cost on a Secret Service of its own: page-tokens then starts from an empty collection
  // too, as the cost script did (gnome-keyring's writes slow down as entries accumulate).
  const cost = await onFreshService((env) => callCost(env, 1000));
  const { startEmulator } = await import(join(root, 'dist', 'emulator', 'index.js'));
  const emu = await startEmulator({ pages: 1000 });
  const home = tempDir('fbtok-bench-kc-');
  try {
    const env = cliEnv(emu, home.dir, { ...busEnv, FBTOK_STORE: 'keychain', FBTOK_KEYCHAIN_TIMEOUT: '20000' });
    await seedStore(env, [{ name: 'user', secret: emu.issueUserToken({ lifetime: 'long' }) }]);
    const first = await timed(process.execPath, [CLI, 'page-tokens', '--json'], { env, timeoutMs: STEP_TIMEOUT_MS });
    if (first.code !== 0) throw new Error(`page-tokens on the keychain exited ${first.code}: ${first.stderr.slice(0, 400)}`);
    const logged = (await auditEntries(env)).length;
    // The emulator hands out a new string per Page on every call, as Facebook may.
    const again = await timed(process.execPath, [CLI, 'page-tokens', '--json'], { env, timeoutMs: STEP_TIMEOUT_MS });
    if (again.code !== 0) throw new Error(`page-tokens again on the keychain exited ${again.code}: ${again.stderr.slice(0, 400)}`);
    const writes = secretWrites((await auditEntries(env)).slice(logged));
    report({
      name: 'keychain per-call cost (gnome-keyring)',
      value: `write ${cost.writeMs.toFixed(1)} ms, read ${cost.readMs.toFixed(1)} ms, bulk read ${cost.searchPerEntryMs.toFixed(2)} ms/entry`,
      note: 'a call on one account includes making its entry (a D-Bus round trip in @napi-rs/keyring); bulk reads search the service once',
    });
    // Calls made: the user token's read, one bulk read of what those names hold, 1,000 secret writes.
    const floor = cost.readMs + 1000 * cost.writeMs;
    const x = first.ms / floor;
    report({ name: 'page-tokens, 1,000 Pages (keychain)', value: `${fmt(first.ms)}, floor ${fmt(floor)} = ${x.toFixed(2)}x; peak ${mb(first)}`, target: `<= ${TARGET}x, < ${PEAK_MB} MB`, pass: x <= TARGET && first.peakKb / 1024 < PEAK_MB });
    report({
      name: 'page-tokens again, 1,000 Pages, new strings (keychain)',
      value: `${fmt(again.ms)} (${(first.ms / again.ms).toFixed(1)}x faster than the first run), ${writes} secrets written; peak ${mb(again)}`,
      target: '0 writes',
      pass: writes === 0,
      note: 'Facebook hands out a new string per Page; one bulk read of the stored ones and one batched debug_token show them still working and never expiring, so none is rewritten (before: 2,000 writes, the new secrets and their previous copies)',
    });
  } finally {
    await emu.close();
    home.remove();
  }
}

async function debugAllOnKeychain(report, busEnv) {
  const { startEmulator } = await import(join(root, 'dist', 'emulator', 'index.js'));
  const emu = await startEmulator({ pages: 1 });
  const home = tempDir('fbtok-bench-kc2-');
  try {
    const env = cliEnv(emu, home.dir, { ...busEnv, FBTOK_STORE: 'keychain', FBTOK_KEYCHAIN_TIMEOUT: '20000' });
    const tokens = Array.from({ length: 500 }, (_, i) => ({ name: i === 0 ? 'user' : `extra-${i}`, secret: emu.issueUserToken({ lifetime: 'long' }) }));
    await seedStore(env, tokens);
    // A keychain search's time drifts from one minute to the next: each round runs the command and times
    // one search of the same entries, and the figure is the median of the per-round ratios.
    const rounds = [];
    for (let i = 0; i < ROUNDS; i++) {
      const run = await timed(process.execPath, [CLI, 'debug-token', '--all', '--json'], { env, timeoutMs: STEP_TIMEOUT_MS });
      if (run.code !== 0) throw new Error(`debug-token --all on the keychain exited ${run.code}: ${run.stderr.slice(0, 400)}`);
      // Calls made: one bulk read of the 500 secrets, timed on the very entries the run read.
      const search = searchCost(busEnv);
      if (search.entries < 500) throw new Error(`the keychain holds ${search.entries} of the 500 seeded entries`);
      rounds.push({ ms: run.ms, floor: search.searchMs, x: run.ms / search.searchMs, peakKb: run.peakKb ?? 0 });
    }
    const x = median(rounds.map((r) => r.x));
    const peakMb = Math.max(...rounds.map((r) => r.peakKb)) / 1024;
    report({
      name: 'debug-token --all, 500 tokens (keychain)',
      value: `${fmt(median(rounds.map((r) => r.ms)))}, floor ${fmt(median(rounds.map((r) => r.floor)))} (one search of 500 entries) = ${x.toFixed(2)}x (median of ${ROUNDS} paired rounds); peak ${peakMb.toFixed(0)} MB`,
      target: `<= ${TARGET}x, < ${PEAK_MB} MB`,
      pass: x <= TARGET && peakMb < PEAK_MB,
      note: 'one search of the service is the floor; the rest is start-up and the debug_token batches. The search itself varies from run to run, so this ratio moves (1.2x to 1.45x in the runs so far)',
    });
  } finally {
    await emu.close();
    home.remove();
  }
}

/** The tests' Secret Service helper is TypeScript: bundle it on the fly rather than keep a second copy. */
async function startSecretService() {
  const out = join(root, 'node_modules', '.cache', 'fbtok-bench', 'secret-service.mjs');
  await build({ entryPoints: [join(root, 'test', 'helpers', 'secret-service.ts')], bundle: true, platform: 'node', format: 'esm', outfile: out, packages: 'external', logLevel: 'error' });
  const { startSecretService: start } = await import(out);
  return start();
}
