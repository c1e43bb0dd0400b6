// Loads a bundle (scripts/bundle.mjs) as a CommonJS module compiled with its V8 code cache. A stale or
// foreign cache (another Node version) is rejected by V8 and the source compiled as usual.
'use strict';
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

/** The name the bundle's dynamic imports are routed to (code from a cache cannot call import() itself). */
const IMPORT_FUNCTION = '__fbtokImport';
/** The name the bundle's requires of SIDE_BUNDLES are routed to. */
const LOAD_FUNCTION = '__fbtokLoad';
/** Dependencies bundled apart, each with its own code cache, loaded only by the commands that need them. */
const SIDE_BUNDLES = ['undici'];
const SIDE_DIR = join(__dirname, '..', 'dist', 'cli');

function loadBundle(file) {
  return compileBundle(file, readCache(file)).exports;
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
    // Side bundles sit in dist/cli, beside the full CLI; command bundles load them from dist/cli/cmd.
    if (!loaded.has(name)) loaded.set(name, loadBundle(join(SIDE_DIR, `${name}.cjs`)));
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

module.exports = { IMPORT_FUNCTION, LOAD_FUNCTION, SIDE_BUNDLES, loadBundle, compileBundle };
