import type { Command } from 'commander';
import type { Context } from '../context.js';
import { printJson, withExamples, type AppHandle } from './command-kit.js';
import { SETTING_KEYS, readConfigFile, writeConfigFile, type ProfileSettings, type SettingKey } from '../config/config-file.js';
import { UsageError, needsInput } from '../errors.js';
import { validateStoreKind } from '../config/profile.js';

/** Settings kept in the token store, set from stdin only. */
export const SECRET_KEYS = ['app-secret', 'client-token'] as const;
type SecretKey = (typeof SECRET_KEYS)[number];

export function registerConfig(program: Command, app: AppHandle): void {
  const config = program.command('config');
  withExamples(config.command('get <key>').description(`print one setting (${SETTING_KEYS.join(', ')})`), ['fbtok config get app-id']).action(
    async (key: string) => app.run((ctx) => runConfigGet(key, ctx)),
  );
  withExamples(
    config
      .command('set <key> [value]')
      .description('change a setting; app-secret and client-token are read from stdin into the token store')
      .option('--stdin', 'read the value from stdin (required for secrets)'),
    ['fbtok config set app-id 1234567890', 'printf %s "$APP_SECRET" | fbtok config set app-secret --stdin', 'fbtok config set store file'],
  ).action(async (key: string, value: string | undefined, opts: { stdin?: boolean }) =>
    app.run((ctx) => runConfigSet({ key, value, stdin: Boolean(opts.stdin) }, ctx)),
  );
  withExamples(config.command('list').description("every setting of the profile (secrets shown as set/unset)"), ['fbtok config list --json']).action(
    async () => app.run((ctx) => runConfigList(ctx)),
  );
}

export async function runConfigGet(key: string, ctx: Context): Promise<number> {
  const settings = await readSettings(ctx);
  const field = settingField(key);
  const value = settings[field];
  if (value === undefined) {
    // Unset is an answer, not a failure: empty stdout for `$(fbtok config get ...)`, a word for people.
    ctx.io.err(`${key} is not set for profile "${ctx.globals.profile}".`);
    return 0;
  }
  ctx.io.out(Array.isArray(value) ? value.join(',') : String(value));
  return 0;
}

export interface ConfigSetOptions {
  key: string;
  value?: string;
  stdin: boolean;
}

export async function runConfigSet(opts: ConfigSetOptions, ctx: Context): Promise<number> {
  if ((SECRET_KEYS as readonly string[]).includes(opts.key)) return setSecret(opts.key as SecretKey, opts, ctx);
  const field = settingField(opts.key);
  let value = opts.value;
  if (opts.stdin) value = (await ctx.io.readStdin()).trim();
  if (value === undefined || value === '') throw new UsageError(`No value given for ${opts.key}.`, `fbtok config set ${opts.key} <value>`);
  const file = await readConfigFile(ctx.paths.configDir);
  const settings: ProfileSettings = { ...(file.profiles[ctx.globals.profile] ?? {}) };
  (settings as Record<string, unknown>)[field] = parseFromInput(opts.key as SettingKey, value, opts.stdin);
  file.profiles[ctx.globals.profile] = settings;
  await writeConfigFile(ctx.paths.configDir, file);
  ctx.io.err(`Set ${opts.key} for profile "${ctx.globals.profile}".`);
  return 0;
}

async function setSecret(key: SecretKey, opts: ConfigSetOptions, ctx: Context): Promise<number> {
  if (opts.value !== undefined) {
    throw new UsageError(
      `Refusing to take the ${key} as an argument: it would be visible in the process list and shell history.`,
      `Pipe it in: printf %s "$SECRET" | fbtok config set ${key} --stdin`,
      'SECRET_AS_ARGUMENT',
    );
  }
  let value: string;
  if (opts.stdin) value = (await ctx.io.readStdin()).trim();
  else if (ctx.io.stdinIsTTY) value = (await ctx.prompter().password(`${key}:`, `--stdin`)).trim();
  else throw needsInput(`The ${key}`, `Pipe it in with --stdin.`);
  if (!value) throw new UsageError(`The ${key} read from stdin is empty.`, `Pipe the value in: printf %s "$SECRET" | fbtok config set ${key} --stdin`);
  const store = await ctx.store();
  await store.setAppSecret(key, value, { command: `config set ${key}` });
  ctx.io.err(`Stored the ${key} for profile "${ctx.globals.profile}" in the ${store.kind} store.`);
  return 0;
}

export async function runConfigList(ctx: Context): Promise<number> {
  const settings = await readSettings(ctx);
  const resolved = await ctx.config();
  const secretState = (fromEnv: string | undefined) => (fromEnv ? 'set (environment)' : 'unknown (see fbtok doctor)');
  const view = {
    profile: resolved.profile,
    'app-id': resolved.appId ?? null,
    'graph-version': resolved.graphVersion,
    store: resolved.storeKind,
    port: resolved.port,
    scopes: resolved.scopes,
    'redirect-uri': resolved.redirectUri ?? null,
    pkce: resolved.pkce,
    'graph-url': resolved.graphUrl,
    'app-secret': secretState(ctx.env.FBTOK_APP_SECRET),
    'client-token': secretState(ctx.env.FBTOK_CLIENT_TOKEN),
    configDir: ctx.paths.configDir,
    saved: settings,
  };
  if (ctx.globals.json) {
    printJson(ctx, view);
    return 0;
  }
  for (const [key, value] of Object.entries(view)) {
    if (key === 'saved') continue;
    ctx.io.out(`${key.padEnd(14)} ${Array.isArray(value) ? value.join(',') : String(value ?? '-')}`);
  }
  return 0;
}

async function readSettings(ctx: Context): Promise<ProfileSettings> {
  const file = await readConfigFile(ctx.paths.configDir);
  return file.profiles[ctx.globals.profile] ?? {};
}

function settingField(key: string): keyof ProfileSettings {
  if (!(SETTING_KEYS as readonly string[]).includes(key)) {
    throw new UsageError(`Unknown setting "${key}".`, `Settings: ${[...SETTING_KEYS, ...SECRET_KEYS].join(', ')}.`, 'UNKNOWN_SETTING');
  }
  return key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof ProfileSettings;
}

/** A value read from stdin may be a secret piped into the wrong key: never quote it back. */
function parseFromInput(key: SettingKey, value: string, fromStdin: boolean): unknown {
  try {
    return parseSetting(key, value);
  } catch (error) {
    if (!fromStdin || !(error instanceof UsageError)) throw error;
    throw new UsageError(`Invalid ${key} (${value.length} characters read from stdin, not shown).`, error.remedy, error.code);
  }
}

function parseSetting(key: SettingKey, value: string): unknown {
  switch (key) {
    case 'port': {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`Invalid port "${value}".`, 'Use a number from 1 to 65535.');
      return port;
    }
    case 'scopes':
      return value.split(',').map((s) => s.trim()).filter(Boolean);
    case 'pkce':
      if (!['true', 'false'].includes(value)) throw new UsageError(`Invalid pkce "${value}".`, 'Use true or false.');
      return value === 'true';
    case 'store':
      validateStoreKind(value);
      return value;
    case 'graph-version':
      if (!/^v\d+\.\d+$/.test(value)) throw new UsageError(`Invalid graph-version "${value}".`, 'Use the form v26.0.');
      return value;
    case 'app-id':
      if (!/^\d{1,20}$/.test(value)) throw new UsageError(`Invalid app id "${value.slice(0, 30)}".`, 'The app id is the number shown in the app dashboard.');
      return value;
    default:
      return value;
  }
}
