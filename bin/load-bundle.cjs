// Loads a bundle (scripts/bundle.mjs) as a CommonJS module compiled with its V8 code cache. A stale or
// foreign cache (another Node version) is rejected by V8 and the source compiled as usual.
// A checkout has the build's caches beside the bundles. The published package does not ship them (V8
// rejects a cache from another Node version, so they would only help users of the publisher's Node, at
// twice the tarball's size): there the first run writes one per Node version into the user's cache
// directory (user-cache.cjs), and later runs start from it.
'use strict';
const { readFileSync } = require('node:fs');
const userCache = require('./user-cache.cjs');
const { createRequire } = require('node:module');
const { basename, dirname, join } = require('node:path');
const vm = require('node:vm');

/** The name the bundle's dynamic imports are routed to (code from a cache cannot call import() itself). */
const IMPORT_FUNCTION = '__fbtokImport';
/** The name the bundle's requires of SIDE_BUNDLES are routed to. */
const LOAD_FUNCTION = '__fbtokLoad';
/** Dependencies bundled apart, each with its own code cache, loaded only by the commands that need them. */
const SIDE_BUNDLES = ['undici', 'mcp'];

/** Caches to write once the command is done: bundles that loaded without one. */
const missing = [];

/** Bundles that get no cache of their own: the MCP server runs long, so a faster start buys little. */
const UNCACHED = new Set(['mcp.cjs']);

function loadBundle(file) {
  if (UNCACHED.has(basename(file))) return compileBundle(file).exports;
  const shipped = readCache(file);
  const cached = shipped ?? userCache.read(file);
  const { script, exports } = compileBundle(file, cached);
  // A checkout's build cache is the one to use; a rejected one is rebuilt by the next build, not here.
  if (!shipped && (cached === undefined || script.cachedDataRejected)) missing.push({ file, script });
  return exports;
}

/** Writes the caches the bundles loaded in this process lacked (after the command: they then hold what it compiled). */
function saveCaches() {
  for (const { file, script } of missing.splice(0)) userCache.write(file, script);
}

function compileBundle(file, cachedData) {
  const source = readFileSync(file, 'utf8');
  const wrapper = `(function (exports, require, module, __filename, __dirname, ${IMPORT_FUNCTION}, ${LOAD_FUNCTION}) {${source}\n})`;
  const script = new vm.Script(wrapper, { filename: file, cachedData });
  const module = { exports: {} };
  // Specifiers resolve from here, bin/, exactly as they would from dist/cli/: the same node_modules.
  const requireFrom = createRequire(file);
  const importModule = (specifier) => (REQUIRED.has(specifier) ? requireLikeImport(requireFrom, specifier) : import(specifier));
  const loaded = new Map();
  const loadSide = (name) => {
    if (!loaded.has(name)) loaded.set(name, loadBundle(join(dirname(file), `${name}.cjs`)));
    return loaded.get(name);
  };
  script.runInThisContext()(module.exports, requireFrom, module, file, dirname(file), importModule, loadSide);
  return { script, exports: module.exports };
}

/**
 * CommonJS packages the CLI loads in the middle of a command, required instead of imported: import() of
 * CommonJS runs the ESM loader and a lexer over the source (~15 ms for the keychain binding, measured
 * in bench/results.md's debug-token --all on the keychain). The callers read named exports, which both
 * shapes have.
 */
const REQUIRED = new Set(['@napi-rs/keyring', 'proper-lockfile']);

function requireLikeImport(requireFrom, specifier) {
  try {
    return Promise.resolve(requireFrom(specifier));
  } catch (error) {
    return Promise.reject(error);
  }
}

function readCache(file) {
  try {
    return readFileSync(`${file}.cache`);
  } catch {
    return undefined; // no cache: compile from source
  }
}

module.exports = { IMPORT_FUNCTION, LOAD_FUNCTION, SIDE_BUNDLES, loadBundle, compileBundle, saveCaches };
