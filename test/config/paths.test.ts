import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { resolvePaths } from '../../src/config/paths.js';

// bin/user-cache.cjs is CommonJS beside the bin (it runs before any bundle); the same per-platform rules.
const userCache = createRequire(import.meta.url)('../../bin/user-cache.cjs') as {
  cacheDir(env: Record<string, string>, platform: NodeJS.Platform): string | undefined;
};

describe('resolvePaths, per platform', () => {
  it('Windows: %APPDATA%\\fbtok for config, %LOCALAPPDATA%\\fbtok for state, in Windows syntax (as gh does)', () => {
    const env = { USERPROFILE: 'C:\\Users\\ana', APPDATA: 'C:\\Users\\ana\\AppData\\Roaming', LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local' };
    expect(resolvePaths(env, 'win32')).toEqual({ configDir: 'C:\\Users\\ana\\AppData\\Roaming\\fbtok', stateDir: 'C:\\Users\\ana\\AppData\\Local\\fbtok' });
  });

  it('Windows without APPDATA (a stripped environment): the same folders under the profile', () => {
    expect(resolvePaths({ USERPROFILE: 'C:\\Users\\ana' }, 'win32')).toEqual({
      configDir: 'C:\\Users\\ana\\AppData\\Roaming\\fbtok',
      stateDir: 'C:\\Users\\ana\\AppData\\Local\\fbtok',
    });
  });

  it('Windows ignores XDG variables (set by Git Bash or MSYS, not Windows conventions)', () => {
    const env = { USERPROFILE: 'C:\\Users\\ana', APPDATA: 'C:\\R', LOCALAPPDATA: 'C:\\L', XDG_CONFIG_HOME: '/home/ana/.config', HOME: '/home/ana' };
    expect(resolvePaths(env, 'win32')).toEqual({ configDir: 'C:\\R\\fbtok', stateDir: 'C:\\L\\fbtok' });
  });

  it('macOS and Linux: XDG directories, ~/.config/fbtok and ~/.local/state/fbtok by default', () => {
    for (const platform of ['darwin', 'linux'] as const) {
      expect(resolvePaths({ HOME: '/Users/ana' }, platform)).toEqual({ configDir: '/Users/ana/.config/fbtok', stateDir: '/Users/ana/.local/state/fbtok' });
      expect(resolvePaths({ HOME: '/h', XDG_CONFIG_HOME: '/x/c', XDG_STATE_HOME: '/x/s' }, platform)).toEqual({ configDir: '/x/c/fbtok', stateDir: '/x/s/fbtok' });
    }
  });

  it('FBTOK_CONFIG_DIR and FBTOK_STATE_DIR win on every platform; state follows a set config dir', () => {
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      expect(resolvePaths({ HOME: '/h', USERPROFILE: 'C:\\h', FBTOK_CONFIG_DIR: 'D:\\fb' }, platform).configDir).toBe('D:\\fb');
      expect(resolvePaths({ HOME: '/h', USERPROFILE: 'C:\\h', FBTOK_STATE_DIR: '/s' }, platform).stateDir).toBe('/s');
    }
    expect(resolvePaths({ FBTOK_CONFIG_DIR: 'D:\\fb' }, 'win32').stateDir).toBe('D:\\fb\\state');
    expect(resolvePaths({ FBTOK_CONFIG_DIR: '/tmp/fb' }, 'linux').stateDir).toBe('/tmp/fb/state');
  });
});

describe('the code cache directory of an installed fbtok, per platform', () => {
  it('Windows %LOCALAPPDATA%\\fbtok\\Cache, macOS ~/Library/Caches/fbtok, Linux $XDG_CACHE_HOME/fbtok; FBTOK_CACHE_DIR=off turns it off', () => {
    expect(userCache.cacheDir({ LOCALAPPDATA: 'C:\\L', USERPROFILE: 'C:\\Users\\ana' }, 'win32')).toBe('C:\\L\\fbtok\\Cache');
    expect(userCache.cacheDir({ HOME: '/Users/ana' }, 'darwin')).toBe('/Users/ana/Library/Caches/fbtok');
    expect(userCache.cacheDir({ HOME: '/home/ana' }, 'linux')).toBe('/home/ana/.cache/fbtok');
    expect(userCache.cacheDir({ HOME: '/home/ana', XDG_CACHE_HOME: '/c' }, 'linux')).toBe('/c/fbtok');
    expect(userCache.cacheDir({ HOME: '/home/ana', FBTOK_CACHE_DIR: 'off' }, 'linux')).toBeUndefined();
  });
});
