// Builds what bin/fbtok.cjs runs: one CommonJS bundle of the CLI, dist/cli/fbtok.cjs, one of undici,
// dist/cli/undici.cjs, and one of `token get` without the parser, dist/cli/direct.cjs, each with a V8 code
// cache beside it (.cache); and the root help, rendered once into dist/cli/help.txt. Start-up is dominated by loading
// code: resolving and linking ~100 ESM files, then parsing and compiling them, commander and undici. One
// file, compiled from cache, starts in a fraction of that (bench/results.md). undici gets its own bundle
// because only commands that call Graph need it. Other dependencies stay external and load where used,
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

/** Each side bundle's entry: undici's is the few parts fbtok calls. */
const SIDE_ENTRIES = { undici: join(root, 'scripts', 'undici-entry.cjs') };
for (const name of SIDE_BUNDLES) {
  const file = join(dir, `${name}.cjs`);
  await build({ ...common(), entryPoints: [SIDE_ENTRIES[name]], outfile: file, plugins: [http2OnDemand] });
  routeLoads(file);
  writeFileSync(`${file}.cache`, compileBundle(file).script.createCachedData());
}
for (const [entry, file] of [['main.ts', outfile], ['direct.ts', directFile]]) {
  await build({ ...mainOptions(), entryPoints: [join(root, 'src', entry)], outfile: file });
  routeLoads(file);
}
const routes = await commandRoutes();
for (const name of routes.commands) {
  const file = join(dir, 'cmd', `${name}.cjs`);
  await build({ ...mainOptions(), entryPoints: [join(root, 'src', 'main.ts')], outfile: file, plugins: [onlyCommand(name)] });
  routeLoads(file);
}
writeFileSync(join(dir, 'routes.json'), JSON.stringify(routes));
await warmUp();

function mainOptions() {
  return { ...common(), external: Object.keys(pkg.dependencies).filter((name) => name !== 'commander') };
}

/**
 * A bundle per command: the full CLI (commander, the session, the global options) with that one command,
 * the manifest's other imports left out. It loads and compiles a fraction of the whole, so a command starts
 * close to `node -e 0` (bench/results.md). bin/fbtok.cjs picks it from routes.json; `completion` (which
 * describes every command) and `help X` take the full bundle.
 */
function onlyCommand(name) {
  return {
    name: 'only-command',
    setup(b) {
      b.onResolve({ filter: /^\.\/[a-z-]+\.js$/ }, (args) => {
        if (!args.importer.endsWith(join('src', 'commands', 'manifest.ts')) || args.path === `./${name}.js`) return undefined;
        return { path: args.path, namespace: 'left-out' };
      });
      b.onLoad({ filter: /.*/, namespace: 'left-out' }, () => ({ loader: 'js', contents: 'module.exports = {};' }));
    },
  };
}

/**
 * What bin/fbtok.cjs needs to pick a command's bundle the way commands/index.ts finds the command: the
 * global options that take a value (their value is not the command) and the commands with a bundle.
 */
async function commandRoutes() {
  const { buildProgram } = await import(join(root, 'dist', 'program.js'));
  const { COMMANDS } = await import(join(root, 'dist', 'commands', 'manifest.js'));
  const io = { stdout: { write() {} }, stderr: { write() {} } };
  const program = await buildProgram({ version: pkg.version, io, env: {}, context() {}, setExitCode() {} }, []);
  const valueOptions = program.options.filter((o) => o.required || o.optional).flatMap((o) => [o.long, o.short]).filter(Boolean);
  // Each command's module is named after it (completion's helper command shares completion's).
  const commands = COMMANDS.map((c) => c.name).filter((n) => /^[a-z][a-z-]*$/.test(n) && n !== 'completion');
  return { valueOptions, commands };
}

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
    // Each command bundle: its --help compiles the parser and the command's registration; status and
    // token also run as people run them.
    for (const name of routes.commands) {
      const file = join(dir, 'cmd', `${name}.cjs`);
      const bundle = compileBundle(file);
      const runs = { status: [['status']], token: [['token', 'list', '--json'], ['token', 'get', 'user']] }[name] ?? [];
      for (const argv of [[name, '--help'], ...runs]) await run(bundle.exports.main, argv);
      writeFileSync(`${file}.cache`, bundle.script.createCachedData());
    }
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
