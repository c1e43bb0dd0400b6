// Bulk Graph work against the emulator with 50 ms latency: page-tokens over 1,000 Pages (and its re-run over
// 300) and debug-token --all over 500 tokens. Floor = the chain of requests that had to wait for one another
// (each sent after the previous one was answered) x latency: round trips run side by side cost one latency,
// so the ratio never drops below 1 by counting them. Target <= 1.5x; peak memory < 100 MB.
import { join } from 'node:path';
import { CLI, auditEntries, cliEnv, fmt, root, secretWrites, tempDir, timed } from './lib.mjs';
import { seedStore } from './store-seed.mjs';

export const LATENCY_MS = 50;
const TARGET = 1.5;
const PEAK_MB = 100;

const RUNS = 5;

export async function benchBulk(report) {
  const { startEmulator } = await import(join(root, 'dist', 'emulator', 'index.js'));
  // page-tokens: a user who manages 1,000 Pages; each run starts from a store holding only the user token.
  const emu = await startEmulator({ pages: 1000 });
  try {
    const user = emu.issueUserToken({ lifetime: 'long' });
    const pages = await medianRun(emu, async (home) => {
      const env = cliEnv(emu, home);
      await seedStore(env, [{ name: 'user', secret: user }]);
      return () => timed(process.execPath, [CLI, 'page-tokens', '--json'], { env });
    });
    report(row('page-tokens, 1,000 Pages (file store)', pages, 'the 10 pages of 100 come one after another (each needs the previous cursor); the token check runs beside the first'));
  } finally {
    await emu.close();
  }
  await benchRerun(report, startEmulator);
  // debug-token --all: 500 stored tokens of a user with a few Pages (each answer lists the Pages it covers).
  const emu2 = await startEmulator({ pages: 3 });
  try {
    const tokens = Array.from({ length: 500 }, (_, i) => ({ name: i === 0 ? 'user' : `extra-${i}`, secret: emu2.issueUserToken({ lifetime: 'long' }) }));
    const all = await medianRun(emu2, async (home) => {
      const env = cliEnv(emu2, home);
      await seedStore(env, tokens);
      return () => timed(process.execPath, [CLI, 'debug-token', '--all', '--json'], { env });
    });
    report(row('debug-token --all, 500 tokens (file store)', all, '10 batches of 50, at most 4 in flight (a courtesy to the rate limits): 3 in sequence'));
  } finally {
    await emu2.close();
  }
}

/**
 * page-tokens run again over 300 Pages with Facebook handing out a new string per Page (the emulator's
 * default): the stored tokens still work and never expire, so nothing may be written.
 */
async function benchRerun(report, startEmulator) {
  const emu = await startEmulator({ pages: 300 });
  try {
    const user = emu.issueUserToken({ lifetime: 'long' });
    let writes = 0;
    const again = await medianRun(emu, async (home) => {
      const env = cliEnv(emu, home);
      await seedStore(env, [{ name: 'user', secret: user }]);
      const first = await timed(process.execPath, [CLI, 'page-tokens'], { env });
      if (first.code !== 0) throw new Error(`page-tokens exited ${first.code}: ${first.stderr.slice(0, 400)}`);
      const logged = (await auditEntries(env)).length;
      return async () => {
        const r = await timed(process.execPath, [CLI, 'page-tokens', '--json'], { env });
        writes = Math.max(writes, secretWrites((await auditEntries(env)).slice(logged)));
        return r;
      };
    });
    report({
      ...row('page-tokens again, 300 Pages, new strings (file store)', again, 'Facebook hands out a new string per Page: the 3 pages of 100 in turn, then one debug_token check of the 300 stored tokens (6 batches, at most 4 in flight); every stored token still works and never expires, so none is written'),
      value: `${row('', again).value}; ${writes} secrets written`,
      pass: row('', again).pass && writes === 0,
    });
  } finally {
    await emu.close();
  }
}

/** RUNS runs, each in a fresh store prepared by `prepare`; median wall time, highest peak memory. */
async function medianRun(emu, prepare) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const home = tempDir('fbtok-bench-bulk-');
    try {
      const run = await prepare(home.dir);
      runs.push(await measure(emu, run));
    } finally {
      home.remove();
    }
  }
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  return { ...sorted[Math.floor(RUNS / 2)], peakMb: Math.max(...runs.map((r) => r.peakMb)) };
}

/** Runs one command with the latency on, counting the round trips it made. */
async function measure(emu, run) {
  emu.setLatency(LATENCY_MS);
  emu.resetRequests();
  const r = await run();
  emu.setLatency(0);
  if (r.code !== 0) throw new Error(`bulk command exited ${r.code}: ${r.stderr.slice(0, 400)}`);
  return { ms: r.ms, roundTrips: emu.requestCount(), depth: sequentialDepth(emu.requests), peakMb: (r.peakKb ?? 0) / 1024 };
}

/**
 * The longest chain of requests each sent after the previous one was answered: the round trips that
 * waited for one another. Its length x latency is the floor.
 */
export function sequentialDepth(requests) {
  const done = requests.filter((r) => r.startedMs !== undefined && r.endedMs !== undefined).sort((a, b) => a.startedMs - b.startedMs);
  const chain = done.map(() => 1);
  for (let i = 0; i < done.length; i++) {
    for (let j = 0; j < i; j++) if (done[j].endedMs <= done[i].startedMs) chain[i] = Math.max(chain[i], chain[j] + 1);
  }
  return Math.max(0, ...chain);
}

function row(name, m, note) {
  const floor = m.depth * LATENCY_MS;
  const x = m.ms / floor;
  return {
    name,
    note,
    value: `${fmt(m.ms)} (median of ${RUNS}), chain of ${m.depth} requests, floor ${fmt(floor)} = ${x.toFixed(2)}x; ${m.roundTrips} round trips in all; peak ${m.peakMb.toFixed(0)} MB`,
    target: `<= ${TARGET}x, < ${PEAK_MB} MB`,
    pass: x <= TARGET && m.peakMb < PEAK_MB,
  };
}
