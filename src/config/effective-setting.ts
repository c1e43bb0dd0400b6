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
  const { config, env, globals } = inputs;
  switch (key) {
    case 'app-id':
      // resolveProfile: `FBTOK_APP_ID || saved`, so an empty variable does not count.
      return sourced(key, config.appId ?? null, inputs, { field: 'appId', variable: env.FBTOK_APP_ID ? 'FBTOK_APP_ID' : undefined });
    case 'graph-version':
      return sourced(key, config.graphVersion, inputs, { field: 'graphVersion', variable: 'FBTOK_GRAPH_VERSION', flag: { name: '--graph-version', value: globals.graphVersion } });
    case 'store':
      return sourced(key, config.storeKind, inputs, { field: 'store', variable: 'FBTOK_STORE', flag: { name: '--store', value: globals.store } });
    case 'port':
      return sourced(key, config.port, inputs, { field: 'port' });
    case 'scopes':
      return sourced(key, config.scopes, inputs, { field: 'scopes' });
    case 'redirect-uri':
      return sourced(key, config.redirectUri ?? null, inputs, { field: 'redirectUri' });
    case 'pkce':
      return sourced(key, config.pkce, inputs, { field: 'pkce' });
  }
}

function sourced(key: SettingKey, value: EffectiveSetting['value'], inputs: EffectiveSettingInputs, how: Overridable): EffectiveSetting {
  const saved = inputs.settings[how.field];
  const fromVariable = how.variable !== undefined ? inputs.env[how.variable] : undefined;
  // globals carry the variable's value when no flag was given (globals.ts): a different value is the flag's.
  if (how.flag?.value !== undefined && how.flag.value !== fromVariable) return { key, value, source: 'flag', origin: how.flag.name, ...over(saved) };
  if (fromVariable !== undefined) return { key, value, source: 'env', origin: how.variable, ...over(saved) };
  return { key, value, source: saved === undefined ? 'default' : 'config' };
}

function over(saved: unknown): Pick<EffectiveSetting, 'overridden'> {
  return saved === undefined ? {} : { overridden: saved };
}
