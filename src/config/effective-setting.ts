// Where a setting's value comes from, as the run resolves it (config/profile.ts resolveProfile): a flag, an
// environment variable, the profile's saved settings, or the default. `config get` and `config list` say so,
// so `config get app-id` never answers "not set" while FBTOK_APP_ID is what every command uses.
import type { Env, GlobalOptions } from '../context.js';
import type { ProfileSettings, SettingKey } from './config-file.js';
import type { ProfileConfig } from './profile.js';

export type SettingSource = 'flag' | 'env' | 'config' | 'default';

export interface EffectiveSetting {
  key: SettingKey;
  /** What the run uses; null when nothing sets it and it has no default. */
  value: string | number | boolean | string[] | null;
  source: SettingSource;
  /** The flag or variable it came from (source flag or env). */
  origin?: string;
  /** The profile's saved value, when a flag or variable overrides it. */
  overridden?: unknown;
}

export interface EffectiveSettingInputs {
  config: ProfileConfig;
  settings: ProfileSettings;
  env: Env;
  globals: Pick<GlobalOptions, 'graphVersion' | 'store'>;
}

type Overridable = { field: keyof ProfileSettings; variable?: string; flag?: { name: string; value: string | undefined } };

export function effectiveSetting(key: SettingKey, inputs: EffectiveSettingInputs): EffectiveSetting {
  return { key, value: valueOf(key, inputs.config), ...settingSource(key, inputs) };
}

/** Where the value comes from; needs no resolved config, so it also works beside a config that does not resolve. */
export function settingSource(key: SettingKey, inputs: Omit<EffectiveSettingInputs, 'config'>): Omit<EffectiveSetting, 'key' | 'value'> {
  const how = overridesOf(key, inputs);
  const saved = inputs.settings[how.field];
  const fromVariable = how.variable !== undefined ? inputs.env[how.variable] : undefined;
  // globals carry the variable's value when no flag was given (globals.ts): a different value is the flag's.
  if (how.flag?.value !== undefined && how.flag.value !== fromVariable) return { source: 'flag', origin: how.flag.name, ...over(saved) };
  if (fromVariable !== undefined) return { source: 'env', origin: how.variable, ...over(saved) };
  return { source: saved === undefined ? 'default' : 'config' };
}

function valueOf(key: SettingKey, config: ProfileConfig): EffectiveSetting['value'] {
  switch (key) {
    case 'app-id':
      return config.appId ?? null;
    case 'graph-version':
      return config.graphVersion;
    case 'store':
      return config.storeKind;
    case 'port':
      return config.port;
    case 'scopes':
      return config.scopes;
    case 'redirect-uri':
      return config.redirectUri ?? null;
    case 'pkce':
      return config.pkce;
  }
}

function overridesOf(key: SettingKey, { env, globals }: Omit<EffectiveSettingInputs, 'config' | 'settings'>): Overridable {
  switch (key) {
    case 'app-id':
      // resolveProfile: `FBTOK_APP_ID || saved`, so an empty variable does not count.
      return { field: 'appId', variable: env.FBTOK_APP_ID ? 'FBTOK_APP_ID' : undefined };
    case 'graph-version':
      return { field: 'graphVersion', variable: 'FBTOK_GRAPH_VERSION', flag: { name: '--graph-version', value: globals.graphVersion } };
    case 'store':
      return { field: 'store', variable: 'FBTOK_STORE', flag: { name: '--store', value: globals.store } };
    case 'port':
      return { field: 'port' };
    case 'scopes':
      return { field: 'scopes' };
    case 'redirect-uri':
      return { field: 'redirectUri' };
    case 'pkce':
      return { field: 'pkce' };
  }
}

function over(saved: unknown): Pick<EffectiveSetting, 'overridden'> {
  return saved === undefined ? {} : { overridden: saved };
}
