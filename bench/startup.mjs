// Start-up: fbtok --version, --help and `token get user` (file store) against `node -e 0`. Target <= 1.3x.
// Medians of paired ratios over interleaved rounds (lib.mjs), so drift in the machine's speed cancels out.
import { join } from 'node:path';
import { CLI, cliEnv, fmt, interleaved, root, tempDir } from './lib.mjs';
import { seedStore } from './store-seed.mjs';

const RUNS = 31;
const TARGET = 1.3;

const NOTES = {
  '--version': 'answered by bin/fbtok.cjs from package.json, without loading the CLI',
  '--help': 'rendered at build time from the program itself (dist/cli/help.txt); test/cli/direct.test.ts keeps the two equal',
  token: 'runs src/direct.ts: the same command code and global options as the full CLI, without commander',
};

export async function benchStartup(report) {
  const home = tempDir('fbtok-bench-startup-');
  try {
    const env = cliEnv(null, home.dir, { FBTOK_APP_ID: '1', FBTOK_APP_SECRET: 'bench-secret-0000' });
    await seedStore(env, [{ name: 'user', secret: 'EAAbenchtoken' + 'x'.repeat(120) }]);
    const cases = [
      ['fbtok --version', [CLI, '--version']],
      ['fbtok --help', [CLI, '--help']],
      ['fbtok token get user (file store)', [CLI, 'token', 'get', 'user']],
    ];
    // The chosen parser alone, and a command through the full CLI, for scale: no target.
    const parser = ['-e', `require(${JSON.stringify(join(root, 'node_modules', 'commander'))})`];
    const full = [CLI, 'status'];
    const commands = [['-e', '0'], ...cases.map(([, args]) => args), parser, full].map((args) => [process.execPath, args]);
    const [base, ...results] = await interleaved(RUNS, commands, { env });
    const at = (r) => `${fmt(r.ms)} = ${r.ratio.toFixed(2)}x node -e 0 (${fmt(base.ms)})`;
    for (const [i, [name, args]] of cases.entries()) {
      const r = results[i];
      report({ name: `start-up: ${name}`, value: at(r), target: `<= ${TARGET}x`, pass: r.ratio <= TARGET, note: NOTES[args[1]] });
    }
    report({ name: 'start-up: node -e "require(\'commander\')" (reference)', value: at(results[cases.length]) });
    report({ name: 'start-up: fbtok status (full CLI, reference)', value: at(results[cases.length + 1]) });
  } finally {
    home.remove();
  }
}
