import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

export interface Paths {
  /** Config and the token index (no secrets unless the file store is chosen). */
  configDir: string;
  /** The audit log and other state. */
  stateDir: string;
}

/**
 * Where fbtok keeps its files, by the platform's conventions for command-line tools, as gh does:
 * Windows: %APPDATA%\fbtok (roaming config) and %LOCALAPPDATA%\fbtok (state, machine-local);
 * Linux and macOS: the XDG directories, ~/.config/fbtok and ~/.local/state/fbtok (gh and gcloud use
 * ~/.config on macOS too, where users look for a CLI's config). FBTOK_CONFIG_DIR and FBTOK_STATE_DIR win.
 */
export function resolvePaths(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform): Paths {
  const windows = platform === 'win32';
  // Paths are joined in the platform's own syntax, so the logic can be tested for every platform anywhere.
  const { join } = windows ? win32 : posix;
  const home = (windows ? env.USERPROFILE : env.HOME) || env.HOME || homedir();
  const configDir =
    env.FBTOK_CONFIG_DIR ||
    (windows ? join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'fbtok') : join(env.XDG_CONFIG_HOME || join(home, '.config'), 'fbtok'));
  // A throw-away FBTOK_CONFIG_DIR (tests, the demo) should take its state with it.
  const stateDir =
    env.FBTOK_STATE_DIR ||
    (env.FBTOK_CONFIG_DIR
      ? join(env.FBTOK_CONFIG_DIR, 'state')
      : windows
        ? join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'fbtok')
        : join(env.XDG_STATE_HOME || join(home, '.local', 'state'), 'fbtok'));
  return { configDir, stateDir };
}
