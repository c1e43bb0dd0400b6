import { readTextFile } from '../util/read-text-file.js';
import { join } from 'node:path';
import { FbtokError, ExitCode } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';

/** Settings of one profile (one app). Secrets never live here: they go to the token store. */
export interface ProfileSettings {
  appId?: string;
  graphVersion?: string;
  store?: string;
  port?: number;
  scopes?: string[];
  redirectUri?: string;
  pkce?: boolean;
}

export interface ConfigFile {
  version: 1;
  /** The profile used when neither --profile nor FBTOK_PROFILE names one (`fbtok profile use`). */
  defaultProfile?: string;
  profiles: Record<string, ProfileSettings>;
}

export const SETTING_KEYS = ['app-id', 'graph-version', 'store', 'port', 'scopes', 'redirect-uri', 'pkce'] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

export function configFilePath(configDir: string): string {
  return join(configDir, 'config.json');
}

export async function readConfigFile(configDir: string): Promise<ConfigFile> {
  const path = configFilePath(configDir);
  let text: string;
  try {
    text = await readTextFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, profiles: noPrototype({}) };
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as ConfigFile;
    if (!parsed || typeof parsed !== 'object' || typeof parsed.profiles !== 'object' || parsed.profiles === null) {
      throw new Error('no "profiles" object');
    }
    const defaultProfile = typeof parsed.defaultProfile === 'string' ? parsed.defaultProfile : undefined;
    return { version: 1, ...(defaultProfile ? { defaultProfile } : {}), profiles: noPrototype(parsed.profiles) };
  } catch (error) {
    throw new FbtokError(`The config file ${path} is not valid (${(error as Error).message}).`, {
      code: 'CONFIG_INVALID',
      exitCode: ExitCode.usage,
      remedy: `Fix or remove ${path}; fbtok leaves it untouched.`,
    });
  }
}

/** Profile names are keys: `profiles.valueOf` must be a missing profile, not Object.prototype's method. */
function noPrototype(profiles: Record<string, ProfileSettings>): Record<string, ProfileSettings> {
  return Object.assign(Object.create(null) as Record<string, ProfileSettings>, profiles);
}

export async function writeConfigFile(configDir: string, config: ConfigFile): Promise<void> {
  await writeFileAtomic(configFilePath(configDir), JSON.stringify(config, null, 2) + '\n', 0o600);
}
