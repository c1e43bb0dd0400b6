// Start-up: fbtok --version, --help and `token get user` (file store) against `node -e 0`. Target <= 1.3x.
import { join } from 'node:path';
import { CLI, cliEnv, fmt, medianOf, root, tempDir } from './lib.mjs';
import { seedStore } from './store-seed.mjs';

const RUNS = 21;
const TARGET = 1.3;

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
      report({ name: `start-up: ${name}`, value: `${fmt(r.ms)} = ${x.toFixed(2)}x node -e 0 (${fmt(base.ms)})`, target: `<= ${TARGET}x`, pass: x <= TARGET });
    }
  } finally {
    home.remove();
  }
}
