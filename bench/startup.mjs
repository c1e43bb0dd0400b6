// Start-up: every command against `node -e 0`, to its output (offline commands) or to its first request
// (commands that call Graph: the time the emulator sees it). Target <= 1.3x. Medians of paired ratios over
// interleaved rounds (lib.mjs), so drift in the machine's speed cancels out.
import { join } from 'node:path';
import { CLI, cliEnv, fmt, interleaved, median, root, tempDir, timed } from './lib.mjs';
import { seedStore } from './store-seed.mjs';

const RUNS = Number(process.env.BENCH_STARTUP_RUNS) || 31;
const TARGET = 1.3;

const NOTES = {
  '--version': 'answered by bin/fbtok.cjs from package.json, without loading the CLI',
  '--help': 'rendered at build time from the program itself (dist/cli/help.txt); test/cli/direct.test.ts keeps the two equal',
  token: 'runs src/direct.ts: the same command code and global options as the full CLI, without commander',
  status: "the CLI bundle, compiled from its code cache",
  list: "the token command's own bundle",
  'debug-token': 'to the first request the emulator sees (debug_token), from the command\'s own bundle',
  doctor: 'to the first request the emulator sees, from the command\'s own bundle',
};

export async function benchStartup(report) {
  const home = tempDir('fbtok-bench-startup-');
  const { startEmulator } = await import(join(root, 'dist', 'emulator', 'index.js'));
  const emu = await startEmulator({ pages: 1 });
  try {
    const env = cliEnv(emu, home.dir);
    await seedStore(env, [{ name: 'user', secret: emu.issueUserToken({ lifetime: 'long' }) }]);
    const cases = [
      ['fbtok --version', [CLI, '--version']],
      ['fbtok --help', [CLI, '--help']],
      ['fbtok token get user (file store)', [CLI, 'token', 'get', 'user']],
      ['fbtok status (file store)', [CLI, 'status']],
      ['fbtok token list (file store)', [CLI, 'token', 'list']],
    ];
    // The chosen parser alone, for scale: no target.
    const parser = ['-e', `require(${JSON.stringify(join(root, 'node_modules', 'commander'))})`];
    const commands = [['-e', '0'], ...cases.map(([, args]) => args), parser].map((args) => [process.execPath, args]);
    const [base, ...results] = await interleaved(RUNS, commands, { env });
    const at = (r) => `${fmt(r.ms)} = ${r.ratio.toFixed(2)}x node -e 0 (${fmt(base.ms)})`;
    for (const [i, [name, args]] of cases.entries()) {
      const r = results[i];
      const key = args[1] === 'token' && args[2] === 'list' ? 'list' : args[1];
      report({ name: `start-up: ${name}`, value: at(r), target: `<= ${TARGET}x`, pass: r.ratio <= TARGET, note: NOTES[key] });
    }
    report({ name: 'start-up: node -e "require(\'commander\')" (reference)', value: at(results[cases.length]) });
    for (const [name, args] of [['fbtok debug-token (to its first request)', ['debug-token']], ['fbtok doctor (to its first request)', ['doctor']]]) {
      const r = await toFirstRequest(emu, args, env);
      report({ name: `start-up: ${name}`, value: `${fmt(r.ms)} = ${r.ratio.toFixed(2)}x node -e 0 (${fmt(r.base)})`, target: `<= ${TARGET}x`, pass: r.ratio <= TARGET, note: NOTES[args[0]] });
    }
  } finally {
    await emu.close();
    home.remove();
  }
}

/** Rounds of `node -e 0` and the command in turn: the time from spawning it to the emulator's first request. */
async function toFirstRequest(emu, args, env) {
  const base = [];
  const first = [];
  for (let round = -1; round < RUNS; round++) {
    const zero = await timed(process.execPath, ['-e', '0'], { env });
    emu.resetRequests();
    const start = performance.now();
    const r = await timed(process.execPath, [CLI, ...args], { env });
    const seen = emu.requests.map((q) => q.startedMs).filter((t) => t !== undefined);
    if (seen.length === 0) throw new Error(`fbtok ${args.join(' ')} made no request (exit ${r.code}): ${r.stderr.slice(0, 300)}`);
    if (round < 0) continue; // warms the file cache
    base.push(zero.ms);
    first.push(Math.min(...seen) - start);
  }
  return { ms: median(first), base: median(base), ratio: median(first.map((ms, i) => ms / base[i])) };
}
