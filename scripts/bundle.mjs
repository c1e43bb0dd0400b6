// Bundles the CLI into one CommonJS file, dist/cli/fbtok.cjs, which bin/fbtok.js loads. Start-up is
// dominated by module loading (resolving and linking ~100 ESM files, and the CJS lexer for each CommonJS
// dependency imported from ESM); one CJS file loads in a fraction of that. Dependencies stay external;
// the ESM-only ones (chalk, open, @inquirer/prompts) are imported dynamically where used.
// tsc still emits dist/ for typechecking, the tests' child processes and the emulator's users.
import { build } from 'esbuild';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
await build({
  entryPoints: [resolve(root, 'src', 'main.ts')],
  outfile: resolve(root, 'dist', 'cli', 'fbtok.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
