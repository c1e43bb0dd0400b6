import type { Command } from 'commander';
import { scopeWarnings } from '../config/scope-warnings.js';
import type { Context } from '../context.js';
import { printJson, withExamples, type AppHandle } from './command-kit.js';
import { SETTING_KEYS, readConfigFile, writeConfigFile, type ProfileSettings, type SettingKey } from '../config/config-file.js';
import { UsageError, needsInput } from '../errors.js';
import { parseFromInput } from '../config/parse-setting.js';
import { effectiveSetting, settingSource } from '../config/effective-setting.js';
import { checkSecretShape } from '../config/secret-shape.js';
import { rememberStore } from '../config/store-choice.js';

/** Settings kept in the token store, set from stdin only. */
export const SECRET_KEYS = ['app-secret', 'client-token'] as const;
type SecretKey = (typeof SECRET_KEYS)[number];

export function registerConfig(program: Command, app: AppHandle): void {
  const config = program.command('config');
  withExamples(
    config.command('get <key>').description(`print the value a setting has here (${SETTING_KEYS.join(', ')}) and where it comes from; for ${SECRET_KEYS.join(' and ')}, only whether it is set`),
    ['fbtok config get app-id', 'fbtok config get app-secret --json'],
  ).action(
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

/** The value the run uses (stdout; `--json`: key, value, source), and on stderr where it comes from when not the profile. */
export async function runConfigGet(key: string, ctx: Context): Promise<number> {
  if ((SECRET_KEYS as readonly string[]).includes(key)) return getSecretState(key as SecretKey, ctx);
  settingField(key);
  const setting = effectiveSetting(key as SettingKey, { config: await ctx.config(), settings: await readSettings(ctx), env: ctx.env, globals: ctx.globals });
  const { value, source } = setting;
  if (ctx.globals.json) printJson(ctx, { key, value, source });
  else if (value !== null) ctx.io.out(Array.isArray(value) ? value.join(',') : String(value));
  // Unset is an answer, not a failure: empty stdout for `$(fbtok config get ...)`, a word for people.
  const where = `for profile "${ctx.globals.profile}"`;
  if (value === null) ctx.io.err(`${key} is not set ${where}.`);
  else if (source === 'default') ctx.io.err(`${key} is not set ${where}; the default applies.`);
  else if (source !== 'config') {
    const saved = setting.overridden === undefined ? '' : ` (overriding the profile's ${Array.isArray(setting.overridden) ? setting.overridden.join(',') : String(setting.overridden)})`;
    ctx.io.err(`${key} comes from ${setting.origin}${saved}.`);
  }
  return 0;
}

/** Secrets are never printed: only whether one is set, and where (the variable wins over the store, as everywhere). */
async function getSecretState(key: SecretKey, ctx: Context): Promise<number> {
  const variable = key === 'app-secret' ? 'FBTOK_APP_SECRET' : 'FBTOK_CLIENT_TOKEN';
  let source: 'env' | 'store' | null = ctx.env[variable] ? 'env' : null;
  let storeKind: string | undefined;
  if (source === null) {
    const store = await ctx.store();
    storeKind = store.kind;
    if (await store.getAppSecret(key)) source = 'store';
  }
  if (ctx.globals.json) printJson(ctx, { key, value: null, set: source !== null, source });
  const where = `for profile "${ctx.globals.profile}"`;
  if (source === 'env') ctx.io.err(`${key} is set ${where} (${variable}); it is never printed.`);
  else if (source === 'store') ctx.io.err(`${key} is set ${where} (in the ${storeKind} store); it is never printed.`);
  else ctx.io.err(`${key} is not set ${where}. Set it with: printf %s "$SECRET" | fbtok config set ${key} --stdin`);
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
  warnIfOverridden(opts.key as SettingKey, settings, ctx);
  if (opts.key === 'scopes') for (const w of scopeWarnings(settings.scopes ?? [])) ctx.io.warn(w);
  if (ctx.globals.json) printJson(ctx, { key: opts.key, value: (settings as Record<string, unknown>)[field], profile: ctx.globals.profile });
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
  const shapeWarning = checkSecretShape(key, value);
  const store = await ctx.store();
  await store.setAppSecret(key, value, { command: `config set ${key}` });
  ctx.io.err(`Stored the ${key} for profile "${ctx.globals.profile}" in the ${store.kind} store.`);
  if (shapeWarning) ctx.io.warn(shapeWarning);
  const variable = key === 'app-secret' ? 'FBTOK_APP_SECRET' : 'FBTOK_CLIENT_TOKEN';
  if (ctx.env[variable]) ctx.io.warn(`${variable} is set and overrides it here.`);
  // Chosen with --store for this secret: keep that store for the profile, or the next login looks elsewhere.
  const { source } = settingSource('store', { settings: await readSettings(ctx), env: ctx.env, globals: ctx.globals });
  if (source === 'flag' && (await rememberStore(ctx.paths.configDir, ctx.globals.profile, store.kind))) {
    ctx.io.err(`Profile "${ctx.globals.profile}" now uses the ${store.kind} store (change it with \`fbtok config set store ...\`).`);
  }
  if (ctx.globals.json) printJson(ctx, { key, set: true, store: store.kind, profile: ctx.globals.profile });
  return 0;
}

export async function runConfigList(ctx: Context): Promise<number> {
  const settings = await readSettings(ctx);
  const resolved = await ctx.config();
  const [appSecret, clientToken] = await Promise.all([secretState('app-secret', ctx), secretState('client-token', ctx)]);
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
    'app-secret': appSecret,
    'client-token': clientToken,
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

/** As `config get` says it: set (and where) or not set; a store that cannot be read says why, without failing the list. */
async function secretState(key: SecretKey, ctx: Context): Promise<string> {
  if (ctx.env[key === 'app-secret' ? 'FBTOK_APP_SECRET' : 'FBTOK_CLIENT_TOKEN']) return 'set (environment)';
  try {
    const store = await ctx.store();
    return (await store.getAppSecret(key)) ? `set (${store.kind} store)` : 'not set';
  } catch (error) {
    return `not readable: ${(error as Error).message}`;
  }
}

/** A saved value that a variable (or flag) overrides does nothing in this environment: say so. */
function warnIfOverridden(key: SettingKey, settings: ProfileSettings, ctx: Context): void {
  const { source, origin } = settingSource(key, { settings, env: ctx.env, globals: ctx.globals });
  if (source === 'env' || source === 'flag') ctx.io.warn(`${origin} is set and overrides it here.`);
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
