// What a hook's environment holds: ours without fbtok's own secrets, what changed, and only the tokens
// asked for by name (--hook-env), never in argv.
import type { Context } from '../context.js';
import type { TokenStore } from '../store/token-store.js';
import { withoutFbtokSecrets } from '../util/child-env.js';
import { registerSecret } from '../util/redact.js';
import type { HookOptions } from './hook-options.js';

export interface HookEnvironment {
  env: Record<string, string | undefined>;
  secrets: string[];
  /** --hook-env names with no stored token: the hooks are not run. */
  missing: string[];
}

export async function hookEnvironment(ctx: Context, store: TokenStore, hookEnv: HookOptions['hookEnv'], extra: Record<string, string>): Promise<HookEnvironment> {
  const names = [...new Set(hookEnv.map((h) => h.ref.name))];
  const found = names.length > 0 ? await store.getSecrets(names) : new Map<string, string>();
  const env: Record<string, string | undefined> = { ...withoutFbtokSecrets(ctx.env), FBTOK_PROFILE: ctx.globals.profile, FBTOK_STORE: store.kind, ...extra };
  for (const { envName, ref } of hookEnv) {
    const secret = found.get(ref.name);
    registerSecret(secret);
    if (secret !== undefined) env[envName] = secret;
  }
  return { env, secrets: [...found.values()], missing: names.filter((n) => !found.has(n)) };
}
