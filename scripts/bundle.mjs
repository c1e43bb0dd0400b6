// Builds what bin/fbtok.cjs runs: one CommonJS bundle of the CLI, dist/cli/fbtok.cjs, one of undici,
// dist/cli/undici.cjs, and one of `token get` without the parser, dist/cli/direct.cjs, each with a V8 code
// cache beside it (.cache); and the root help, rendered once into dist/cli/help.txt. Start-up is dominated by loading
// code: resolving and linking ~100 ESM files, then parsing and compiling them, commander and undici. One
// file, compiled from cache, starts in a fraction of that (bench/results.md). undici gets its own bundle
// because only commands that call Graph need it; commander and undici are therefore dev dependencies (the package
// ships them only inside the bundles). Other dependencies stay external and load where used,
// through dynamic import. Code compiled from a cache cannot call import() itself in Node 20 (V8 drops
// the host's callback), so the bundle's import() calls go to a function bin/load-bundle.cjs passes in.
// tsc still emits dist/ for typechecking, the tests' child processes and the emulator's users.
import { build } from 'esbuild';
import { constants } from 'node:http2';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { IMPORT_FUNCTION, LOAD_FUNCTION, SIDE_BUNDLES, compileBundle } from '../bin/load-bundle.cjs';

/**
 * Node built-ins that cost a millisecond or more to load and that only some commands call: esbuild hoists
 * their requires to module load (commander requires child_process for a feature fbtok does not use), so
 * they are required on first use instead, through a proxy. Bundled code only reads their properties.
 */
const LAZY_BUILTINS = ['node:crypto', 'node:child_process', 'node:fs/promises'];
const LAZY_FUNCTION = `var __fbtokLazy = (load) => { let m; return new Proxy({}, { get: (_, key) => (m ??= load())[key] }); };`;

const root = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const dir = join(root, 'dist', 'cli');
const outfile = join(dir, 'fbtok.cjs');
const directFile = join(dir, 'direct.cjs');
rmSync(dir, { recursive: true, force: true });

/**
 * undici reads node:http2's constants when it loads, so a lazy require would not help; fbtok never speaks
 * HTTP/2 (undici's allowH2 is off), so the constants are written in at build time and the module itself
 * (over 10 ms to load) is required only if a connection is ever made with it.
 */
const http2OnDemand = {
  name: 'http2-on-demand',
  setup(b) {
    b.onResolve({ filter: /^node:http2$/ }, (args) => (args.namespace === 'fbtok' ? undefined : { path: 'http2', namespace: 'fbtok' }));
    b.onLoad({ filter: /.*/, namespace: 'fbtok' }, () => ({
      loader: 'js',
      contents: `module.exports = { constants: ${JSON.stringify(constants)}, get connect() { return require('node:http2').connect; } };`,
    }));
  },
};

/** Each side bundle's entry: undici's is the few parts fbtok calls; mcp's the MCP SDK's server and zod. */
const SIDE_ENTRIES = { undici: join(root, 'scripts', 'undici-entry.cjs'), mcp: join(root, 'scripts', 'mcp-entry.cjs') };
/**
 * `fbtok mcp` alone needs the MCP SDK and zod (16 MB installed): they are bundled apart, minified, into mcp.cjs
 * and are no runtime dependency; the CLI's imports of them become one require of that bundle.
 */
const MCP_MODULES = /^(@modelcontextprotocol\/server(\/stdio)?|zod)$/;
const mcpAsSideBundle = {
  name: 'mcp-side-bundle',
  setup(b) {
    b.onResolve({ filter: MCP_MODULES }, () => ({ path: 'mcp', external: true }));
  },
};
for (const name of SIDE_BUNDLES) {
  const file = join(dir, `${name}.cjs`);
  await build({ ...common(), entryPoints: [SIDE_ENTRIES[name]], outfile: file, plugins: [http2OnDemand], minify: name === 'mcp' });
  routeLoads(file);
  // A long-running server gains nothing from a code cache worth its megabyte in the package.
  if (name !== 'mcp') writeFileSync(`${file}.cache`, compileBundle(file).script.createCachedData());
}
for (const [entry, file] of [['main.ts', outfile], ['direct.ts', directFile]]) {
  await build({
    ...common(),
    entryPoints: [join(root, 'src', entry)],
    outfile: file,
    // Runtime dependencies load from node_modules; the side bundles' packages (dev dependencies, since the
    // package ships them bundled) are routed to their bundles by routeLoads.
    external: [...Object.keys(pkg.dependencies), ...SIDE_BUNDLES],
    plugins: [mcpAsSideBundle],
  });
  routeLoads(file);
}
await warmUp();

function common() {
  return { bundle: true, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'warning' };
}

/** import() calls and requires of the side bundles go through the functions load-bundle.cjs passes in. */
function routeLoads(file) {
  let source = readFileSync(file, 'utf8');
  for (const name of LAZY_BUILTINS) {
    if (source.includes(`__toESM(require("${name}")`)) throw new Error(`${file}: ${name} is imported whole; the lazy proxy only serves named properties`);
    source = source.replaceAll(`require("${name}")`, `__fbtokLazy(() => require("${name}"))`);
  }
  source = source.replace(/^("use strict";\n)?/, (strict) => `${strict}${LAZY_FUNCTION}\n`);
  source = source.replace(/\bimport\((?=["'])/g, `${IMPORT_FUNCTION}(`);
  for (const name of SIDE_BUNDLES) source = source.replaceAll(`require("${name}")`, `${LOAD_FUNCTION}("${name}")`);
  const left = source.match(/\bimport\(/g);
  if (left) throw new Error(`${file} still calls import() ${left.length} time(s) with a computed specifier`);
  writeFileSync(file, source);
}

/**
 * Runs the commands people start most against a store holding one token, so the functions they compile
 * land in the code caches too; keeps the root help as printed.
 */
async function warmUp() {
  const main = compileBundle(outfile);
  const direct = compileBundle(directFile);
  const home = mkdtempSync(join(tmpdir(), 'fbtok-cache-'));
  const env = { FBTOK_CONFIG_DIR: home, FBTOK_STORE: 'file', HOME: home };
  const run = async (entry, argv) => {
    let out = '';
    const sink = () => Object.assign(new PassThrough().resume(), { isTTY: false });
    const stdout = Object.assign(new PassThrough(), { isTTY: false }).on('data', (d) => (out += d));
    const code = await entry(argv, { stdin: sink(), stdout, stderr: sink(), env });
    if (code !== 0) throw new Error(`warming up with fbtok ${argv.join(' ')} exited ${code}`);
    return out;
  };
  try {
    await seedToken(env);
    writeFileSync(join(dir, 'help.txt'), await run(main.exports.main, ['--help']));
    for (const argv of [['token', 'get', 'user'], ['status'], ['token', 'list', '--json']]) await run(main.exports.main, argv);
    await run(direct.exports.runDirect, ['token', 'get', 'user']);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  writeFileSync(`${outfile}.cache`, main.script.createCachedData());
  writeFileSync(`${directFile}.cache`, direct.script.createCachedData());
}

/** A made-up user token in the file store, put there through the store's own code (tsc's dist/). */
async function seedToken(env) {
  const { createTokenStore } = await import(join(root, 'dist', 'store', 'create-store.js'));
  const { resolvePaths } = await import(join(root, 'dist', 'config', 'paths.js'));
  const { fingerprint } = await import(join(root, 'dist', 'store', 'fingerprint.js'));
  const { systemClock } = await import(join(root, 'dist', 'io', 'clock.js'));
  const store = await createTokenStore({ kind: 'file', profile: 'default', paths: resolvePaths(env), env, clock: systemClock, interactive: false, warn: () => {} });
  const secret = `EAAwarmup${'0'.repeat(100)}`;
  const now = new Date().toISOString();
  const record = {
    schemaVersion: 1, name: 'user', type: 'USER', appId: null, subjectId: null, subjectName: null, scopes: [],
    expiresAt: null, dataAccessExpiresAt: null, obtainedAt: now, obtainedVia: 'import', fingerprint: fingerprint(secret),
  };
  await store.put([{ secret, record }], { command: 'build' });
  await store.close();
}
