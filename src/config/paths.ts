import { homedir } from 'node:os';
import { join } from 'node:path';

export interface Paths {
  /** Config and the token index (no secrets unless the file store is chosen). */
  configDir: string;
  /** The audit log and other state. */
  stateDir: string;
}

export function resolvePaths(env: Record<string, string | undefined>): Paths {
  const home = env.HOME || homedir();
  const configDir = env.FBTOK_CONFIG_DIR || join(env.XDG_CONFIG_HOME || join(home, '.config'), 'fbtok');
  // A throw-away FBTOK_CONFIG_DIR (tests, the demo) should take its state with it.
  const stateDir =
    env.FBTOK_STATE_DIR ||
    (env.FBTOK_CONFIG_DIR
      ? join(env.FBTOK_CONFIG_DIR, 'state')
      : join(env.XDG_STATE_HOME || join(home, '.local', 'state'), 'fbtok'));
  return { configDir, stateDir };
}
