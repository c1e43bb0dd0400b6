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

function loadBundle(file) {
  return compileBundle(file, readCache(file)).exports;
}

function compileBundle(file, cachedData) {
  const source = readFileSync(file, 'utf8');
  const wrapper = `(function (exports, require, module, __filename, __dirname, ${IMPORT_FUNCTION}, ${LOAD_FUNCTION}) {${source}\n})`;
  const script = new vm.Script(wrapper, { filename: file, cachedData });
  const module = { exports: {} };
  // Specifiers resolve from here, bin/, exactly as they would from dist/cli/: the same node_modules.
  const importModule = (specifier) => import(specifier);
  const loaded = new Map();
  const loadSide = (name) => {
    if (!loaded.has(name)) loaded.set(name, loadBundle(join(dirname(file), `${name}.cjs`)));
    return loaded.get(name);
  };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file), importModule, loadSide);
  return { script, exports: module.exports };
}

function readCache(file) {
  try {
    return readFileSync(`${file}.cache`);
  } catch {
    return undefined; // no cache: compile from source
  }
}

module.exports = { IMPORT_FUNCTION, LOAD_FUNCTION, SIDE_BUNDLES, loadBundle, compileBundle };
