// First run: the app id, app secret and scopes a login needs. On a terminal they are asked for (and
// optionally saved); otherwise the error names every variable and option that sets them.
import type { Context } from '../context.js';
import { CancelledError, NOTHING_CHANGED, UsageError } from '../errors.js';
import { readConfigFile, writeConfigFile } from '../config/config-file.js';
import { registerSecret } from '../util/redact.js';
import { storedAppSecretOrOffer } from './offer-file-store.js';

/** What a Messenger bot needs (see graph-api-facts "Permissions"). */
export const MESSENGER_PRESET = ['pages_show_list', 'pages_messaging', 'pages_manage_metadata', 'pages_read_engagement'];
const OPTIONAL_SCOPES = ['public_profile', 'business_management', 'pages_manage_posts', 'pages_read_user_content'];

export interface LoginSetup {
  appId: string;
  appSecret: string;
  scopes: string[];
}

export async function ensureAppSetup(ctx: Context, opts: { scopes?: string[] }): Promise<LoginSetup> {
  const config = await ctx.config();
  let appId = config.appId;
  // Not ctx.appSecret(): it would cache "none" before a prompted secret is saved to the store.
  let appSecret = ctx.env.FBTOK_APP_SECRET || (await storedAppSecretOrOffer(ctx));
  let scopes = opts.scopes ?? config.scopes;
  if (appId && appSecret) return done(appId, appSecret, scopes);
  if (!(ctx.io.stdinIsTTY && ctx.io.stderrIsTTY)) throw missingSetup(ctx, !appId, !appSecret);

  const prompter = ctx.prompter();
  ctx.io.err(`Profile "${ctx.globals.profile}" has no ${!appId ? 'app id' : 'app secret'} yet (App dashboard > App settings > Basic).`);
  const typed: string[] = [];
  try {
    if (!appId) {
      appId = validAppId((await prompter.input('App id:', 'FBTOK_APP_ID')).trim());
      typed.push('app id');
    }
    if (!appSecret) {
      appSecret = (await prompter.password('App secret (hidden):', 'FBTOK_APP_SECRET')).trim();
      if (!appSecret) throw new UsageError('No app secret given.', 'Find it under App settings > Basic > App secret.', 'APP_SECRET_MISSING');
      typed.push('app secret');
    }
    registerSecret(appSecret);
    if (!opts.scopes) scopes = await chooseScopes(ctx);
    if (await prompter.confirm(`Save the app id and scopes to profile "${ctx.globals.profile}" and the secret to the token store?`, '', true)) {
      await save(ctx, appId, appSecret, scopes);
    }
  } catch (error) {
    // Interrupted at a later question: what was typed is not kept without the save question's yes, so say so.
    if (error instanceof CancelledError && typed.length > 0) throw new CancelledError(`${NOTHING_CHANGED} The ${typed.join(' and ')} you typed ${typed.length > 1 ? 'were' : 'was'} not saved.`);
    throw error;
  }
  ctx.useAppCredentials({ appId, appSecret });
  return done(appId, appSecret, scopes);
}

function done(appId: string, appSecret: string, scopes: string[]): LoginSetup {
  registerSecret(appSecret);
  return { appId, appSecret, scopes };
}

async function chooseScopes(ctx: Context): Promise<string[]> {
  const choices = [
    ...MESSENGER_PRESET.map((value) => ({ value, name: `${value} (Messenger preset)`, checked: true })),
    ...OPTIONAL_SCOPES.map((value) => ({ value, checked: value === 'public_profile' })),
  ];
  const chosen = await ctx.prompter().checkbox('Permissions to ask for (space toggles, enter accepts):', choices, '--scopes a,b');
  return chosen.length > 0 ? chosen : MESSENGER_PRESET;
}

async function save(ctx: Context, appId: string, appSecret: string, scopes: string[]): Promise<void> {
  const file = await readConfigFile(ctx.paths.configDir);
  file.profiles[ctx.globals.profile] = { ...(file.profiles[ctx.globals.profile] ?? {}), appId, scopes };
  await writeConfigFile(ctx.paths.configDir, file);
  const store = await ctx.store();
  await store.setAppSecret('app-secret', appSecret, { command: 'login' });
  ctx.io.err(`Saved: app id and scopes in ${ctx.paths.configDir}, the app secret in the ${store.kind} store.`);
}

function validAppId(text: string): string {
  if (/^\d{1,20}$/.test(text)) return text;
  throw new UsageError('That is not an app id.', 'The app id is the number at the top of the app dashboard.', 'INVALID_APP_ID');
}

function missingSetup(ctx: Context, noId: boolean, noSecret: boolean): UsageError {
  const missing = [noId && 'app id', noSecret && 'app secret'].filter(Boolean).join(' and ');
  const how = [
    noId && 'FBTOK_APP_ID=<id> (or `fbtok config set app-id <id>`)',
    noSecret && 'FBTOK_APP_SECRET (or `printf %s "$SECRET" | fbtok config set app-secret --stdin`)',
  ].filter(Boolean);
  return new UsageError(
    `Profile "${ctx.globals.profile}" has no ${missing}, and stdin is not a terminal to ask for ${noId && noSecret ? 'them' : 'it'}.`,
    `Set ${how.join(' and ')}; ${noId && noSecret ? 'both are' : 'it is'} under App settings > Basic in the app dashboard.`,
    'APP_NOT_CONFIGURED',
  );
}
