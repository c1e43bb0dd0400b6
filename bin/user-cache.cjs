// V8 code caches for an installed fbtok, kept per user, per fbtok build and per Node version (see
// load-bundle.cjs). V8 checks a cache against the source's length only, so the name also carries the
// bundle's size and mtime: a reinstalled fbtok never runs another build's cache. Failures are silent:
// without a cache fbtok only starts a little slower.
'use strict';
const { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } = require('node:fs');
const { homedir } = require('node:os');
const { basename, join, posix, win32 } = require('node:path');

/** The platform's per-user cache directory for fbtok (FBTOK_CACHE_DIR overrides; "off" turns caching off). */
function cacheDir(env = process.env, platform = process.platform) {
  if (env.FBTOK_CACHE_DIR) return env.FBTOK_CACHE_DIR === 'off' ? undefined : env.FBTOK_CACHE_DIR;
  if (platform === 'win32') {
    const home = env.USERPROFILE || homedir();
    return win32.join(env.LOCALAPPDATA || win32.join(home, 'AppData', 'Local'), 'fbtok', 'Cache');
  }
  const home = env.HOME || homedir();
  if (platform === 'darwin') return posix.join(home, 'Library', 'Caches', 'fbtok');
  return posix.join(env.XDG_CACHE_HOME || posix.join(home, '.cache'), 'fbtok');
}

function cacheFile(bundle) {
  const dir = cacheDir();
  if (!dir) return undefined;
  const { size, mtimeMs } = statSync(bundle);
  const key = `${basename(bundle)}-${size}-${Math.floor(mtimeMs)}-${process.version}-${process.arch}.cache`;
  return { dir, file: join(dir, key) };
}

function read(bundle) {
  try {
    const where = cacheFile(bundle);
    return where && readFileSync(where.file);
  } catch {
    return undefined;
  }
}

function write(bundle, script) {
  let tmp;
  try {
    const where = cacheFile(bundle);
    if (!where) return;
    mkdirSync(where.dir, { recursive: true, mode: 0o700 });
    tmp = `${where.file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, script.createCachedData());
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, where.file); // whole or not at all: a concurrent run reads either no cache or this one
    tmp = undefined;
    removeOlder(where, bundle);
  } catch {
    // read-only home, full disk: run without a cache
  } finally {
    if (tmp) try { unlinkSync(tmp); } catch {}
  }
}

/** The same bundle's caches from earlier installs, for this Node: never read again (other Nodes' stay). */
function removeOlder(where, bundle) {
  const prefix = `${basename(bundle)}-`;
  const suffix = `-${process.version}-${process.arch}.cache`;
  for (const name of readdirSync(where.dir)) {
    if (name.startsWith(prefix) && name.endsWith(suffix) && join(where.dir, name) !== where.file) {
      try { unlinkSync(join(where.dir, name)); } catch {}
    }
  }
}

module.exports = { cacheDir, read, write };
