// Bulk Graph work against the emulator with 50 ms latency: page-tokens over 1,000 Pages and
// debug-token --all over 500 tokens. Floor = round trips x latency; target <= 1.5x; peak memory < 100 MB.
import { join } from 'node:path';
import { CLI, cliEnv, fmt, root, tempDir, timed } from './lib.mjs';
import { seedStore } from './store-seed.mjs';

export const LATENCY_MS = 50;
const TARGET = 1.5;
const PEAK_MB = 100;

export async function benchBulk(report) {
  const { startEmulator } = await import(join(root, 'dist', 'emulator', 'index.js'));
  // page-tokens: a user who manages 1,000 Pages.
  const emu = await startEmulator({ pages: 1000 });
  const home = tempDir('fbtok-bench-bulk-');
  try {
    const env = cliEnv(emu, home.dir);
    await seedStore(env, [{ name: 'user', secret: emu.issueUserToken({ lifetime: 'long' }) }]);
    const pages = await measure(emu, () => timed(process.execPath, [CLI, 'page-tokens', '--json'], { env }));
    report(row('page-tokens, 1,000 Pages (file store)', pages));
  } finally {
    await emu.close();
    home.remove();
  }
  // debug-token --all: 500 stored tokens of a user with a few Pages (each answer lists the Pages it covers).
  const emu2 = await startEmulator({ pages: 3 });
  const home2 = tempDir('fbtok-bench-debug-');
  try {
    const env = cliEnv(emu2, home2.dir);
    const tokens = Array.from({ length: 500 }, (_, i) => ({ name: i === 0 ? 'user' : `extra-${i}`, secret: emu2.issueUserToken({ lifetime: 'long' }) }));
    await seedStore(env, tokens);
    const all = await measure(emu2, () => timed(process.execPath, [CLI, 'debug-token', '--all', '--json'], { env }));
    report(row('debug-token --all, 500 tokens (file store)', all));
  } finally {
    await emu2.close();
    home2.remove();
  }
}

/** Runs one command with the latency on, counting the round trips it made. */
async function measure(emu, run) {
  emu.setLatency(LATENCY_MS);
  emu.resetRequests();
  const r = await run();
  emu.setLatency(0);
  if (r.code !== 0) throw new Error(`bulk command exited ${r.code}: ${r.stderr.slice(0, 400)}`);
  return { ms: r.ms, roundTrips: emu.requestCount(), peakMb: (r.peakKb ?? 0) / 1024 };
}

function row(name, m) {
  const floor = m.roundTrips * LATENCY_MS;
  const x = m.ms / floor;
  return {
    name,
    value: `${fmt(m.ms)}, ${m.roundTrips} round trips, floor ${fmt(floor)} = ${x.toFixed(2)}x; peak ${m.peakMb.toFixed(0)} MB`,
    target: `<= ${TARGET}x, < ${PEAK_MB} MB`,
    pass: x <= TARGET && m.peakMb < PEAK_MB,
  };
}
