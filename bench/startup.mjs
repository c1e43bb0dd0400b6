// Start-up: fbtok --version, --help and `token get user` (file store) against `node -e 0`. Target <= 1.3x.
import { join } from 'node:path';
import { CLI, cliEnv, fmt, medianOf, root, tempDir } from './lib.mjs';
import { seedStore } from './store-seed.mjs';

const RUNS = 21;
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
    const base = await medianOf(RUNS, process.execPath, ['-e', '0'], { env });
    // The chosen parser alone, for scale: no CLI built on commander can start faster than this.
    const parser = await medianOf(RUNS, process.execPath, ['-e', `require(${JSON.stringify(join(root, 'node_modules', 'commander'))})`], { env });
    report({ name: 'start-up: node -e "require(\'commander\')" (reference)', value: `${fmt(parser.ms)} = ${(parser.ms / base.ms).toFixed(2)}x node -e 0` });
    const cases = [
      ['fbtok --version', ['--version']],
      ['fbtok --help', ['--help']],
      ['fbtok token get user (file store)', ['token', 'get', 'user']],
    ];
    for (const [name, args] of cases) {
      const r = await medianOf(RUNS, process.execPath, [CLI, ...args], { env });
      const x = r.ms / base.ms;
      report({ name: `start-up: ${name}`, value: `${fmt(r.ms)} = ${x.toFixed(2)}x node -e 0 (${fmt(base.ms)})`, target: `<= ${TARGET}x`, pass: x <= TARGET, note: NOTES[args[0]] });
    }
    // For scale, a command through the full CLI (commander, the command's module, the store): no target.
    const full = await medianOf(RUNS, process.execPath, [CLI, 'status'], { env });
    report({ name: 'start-up: fbtok status (full CLI, reference)', value: `${fmt(full.ms)} = ${(full.ms / base.ms).toFixed(2)}x node -e 0` });
  } finally {
    home.remove();
  }
}
