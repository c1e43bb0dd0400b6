import type { Context } from '../context.js';
import { appTokenFor } from '../graph/oauth.js';
import { UsageError } from '../errors.js';

/** The app id, or a usage error naming every way to set it. */
export async function requireAppId(ctx: Context): Promise<string> {
  const { appId } = await ctx.config();
  if (appId) return appId;
  throw new UsageError(
    `No app id for profile "${ctx.globals.profile}".`,
    'Set FBTOK_APP_ID, or run `fbtok config set app-id <id>` (the number at the top of the app dashboard).',
    'APP_ID_MISSING',
  );
}

/** The app secret (environment or store), or a usage error naming every way to set it. */
export async function requireAppSecret(ctx: Context): Promise<string> {
  const secret = await ctx.appSecret();
  if (secret) return secret;
  throw new UsageError(
    `No app secret for profile "${ctx.globals.profile}".`,
    'Set FBTOK_APP_SECRET, or pipe it in: printf %s "$SECRET" | fbtok config set app-secret --stdin (App settings > Basic in the dashboard).',
    'APP_SECRET_MISSING',
  );
}

/** `APP_ID|APP_SECRET`: the app token debug_token and exchanges are made with. Never printed. */
export async function appAccessToken(ctx: Context): Promise<string> {
  const [appId, secret] = await Promise.all([requireAppId(ctx), requireAppSecret(ctx)]);
  return appTokenFor(appId, secret);
}
