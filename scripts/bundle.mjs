// Builds what bin/fbtok.js runs: one CommonJS bundle of the CLI, dist/cli/fbtok.cjs, and one of undici,
// dist/cli/undici.cjs, each with a V8 code cache beside it (.cache). Start-up is dominated by loading
// code: resolving and linking ~100 ESM files, then parsing and compiling them, commander and undici. One
// file, compiled from cache, starts in a fraction of that (bench/results.md). undici gets its own bundle
// because only commands that call Graph need it. Other dependencies stay external and load where used,
// through dynamic import. Code compiled from a cache cannot call import() itself in Node 20 (V8 drops
// the host's callback), so the bundle's import() calls go to a function bin/load-bundle.js passes in.
// tsc still emits dist/ for typechecking, the tests' child processes and the emulator's users.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { IMPORT_FUNCTION, LOAD_FUNCTION, SIDE_BUNDLES, compileBundle } from '../bin/load-bundle.js';

const root = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const dir = join(root, 'dist', 'cli');
const outfile = join(dir, 'fbtok.cjs');
rmSync(dir, { recursive: true, force: true });

for (const name of SIDE_BUNDLES) {
  const file = join(dir, `${name}.cjs`);
  await build({ ...common(), entryPoints: [createRequire(import.meta.url).resolve(name)], outfile: file });
  writeFileSync(`${file}.cache`, compileBundle(file).script.createCachedData());
}
await build({
  ...common(),
  entryPoints: [join(root, 'src', 'main.ts')],
  outfile,
  external: Object.keys(pkg.dependencies).filter((name) => name !== 'commander'),
});
routeLoads();
await writeCodeCache();

function common() {
  return { bundle: true, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'warning' };
}

/** import() calls and requires of the side bundles go through the functions load-bundle.js passes in. */
function routeLoads() {
  let source = readFileSync(outfile, 'utf8').replace(/\bimport\((?=["'])/g, `${IMPORT_FUNCTION}(`);
  for (const name of SIDE_BUNDLES) source = source.replaceAll(`require("${name}")`, `${LOAD_FUNCTION}("${name}")`);
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
