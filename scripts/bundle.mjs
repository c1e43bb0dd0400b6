// Builds what bin/fbtok.js runs: one CommonJS bundle of the CLI, dist/cli/fbtok.cjs, plus a V8 code cache
// of it, dist/cli/fbtok.cjs.cache. Start-up is dominated by loading code: resolving and linking ~100 ESM
// files, then parsing and compiling them and commander. One file, compiled from cache, starts in a
// fraction of that (bench/results.md). Runtime dependencies other than commander stay external and load
// where used, through dynamic import. Code compiled from a cache cannot call import() itself in Node 20
// (V8 drops the host's callback), so the bundle's import() calls go to a function bin/load-bundle.js
// passes in: IMPORT_FUNCTION.
// tsc still emits dist/ for typechecking, the tests' child processes and the emulator's users.
import { build } from 'esbuild';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { IMPORT_FUNCTION, compileBundle } from '../bin/load-bundle.js';

const root = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outfile = join(root, 'dist', 'cli', 'fbtok.cjs');
rmSync(`${outfile}.cache`, { force: true });
await build({
  entryPoints: [join(root, 'src', 'main.ts')],
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: Object.keys(pkg.dependencies).filter((name) => name !== 'commander'),
  logLevel: 'warning',
});
routeDynamicImports();
await writeCodeCache();

function routeDynamicImports() {
  const source = readFileSync(outfile, 'utf8').replace(/\bimport\((?=["'])/g, `${IMPORT_FUNCTION}(`);
  const left = source.match(/\bimport\(/g);
  if (left) throw new Error(`the bundle still calls import() ${left.length} time(s) with a computed specifier`);
  writeFileSync(outfile, source);
}

/** Runs the commands people start most, so the functions they compile land in the cache too. */
async function writeCodeCache() {
  const { script, exports } = compileBundle(outfile);
  const home = mkdtempSync(join(tmpdir(), 'fbtok-cache-'));
  const env = { FBTOK_CONFIG_DIR: home, FBTOK_STORE: 'file', HOME: home };
  try {
    for (const argv of [['--help'], ['token', 'get', 'user'], ['status'], ['token', 'list', '--json']]) {
      const sink = () => Object.assign(new PassThrough().resume(), { isTTY: false });
      await exports.main(argv, { stdin: sink(), stdout: sink(), stderr: sink(), env });
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  writeFileSync(`${outfile}.cache`, script.createCachedData());
}
