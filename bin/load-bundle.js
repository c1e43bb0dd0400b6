// Loads the CLI bundle (scripts/bundle.mjs) as a CommonJS module compiled with its V8 code cache. A stale
// or foreign cache (another Node version) is rejected by V8 and the source compiled as usual.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import vm from 'node:vm';

/** The name the bundle's dynamic imports are routed to (code from a cache cannot call import() itself). */
export const IMPORT_FUNCTION = '__fbtokImport';

export function loadBundle(file) {
  let cachedData;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    // No cache: compile from source.
  }
  return compileBundle(file, cachedData).exports;
}

export function compileBundle(file, cachedData) {
  const source = readFileSync(file, 'utf8');
  const wrapper = `(function (exports, require, module, __filename, __dirname, ${IMPORT_FUNCTION}) {${source}\n})`;
  const script = new vm.Script(wrapper, { filename: file, cachedData });
  const module = { exports: {} };
  // Specifiers resolve from here, bin/, exactly as they would from dist/cli/: the same node_modules.
  const importModule = (specifier) => import(specifier);
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file), importModule);
  return { script, exports: module.exports };
}
