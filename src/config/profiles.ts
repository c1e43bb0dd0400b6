// `fbtok profile`: the profiles there are (settings in config.json, tokens in their store), the saved default
// (as `gh auth switch` / `gcloud config configurations activate`), and deleting one.
import type { Context } from '../context.js';
import { createContext } from '../create-context.js';
import { ExitCode, UsageError } from '../errors.js';
import { readConfigFile, writeConfigFile } from './config-file.js';
import { validateProfileName } from './profile.js';

export interface ProfileSummary {
  name: string;
  /** The profile commands use without --profile / FBTOK_PROFILE. */
  isDefault: boolean;
  /** This run's profile (--profile, FBTOK_PROFILE or the default). */
  active: boolean;
  appId: string | null;
  store: string;
  /** Stored tokens; null when the store could not be read (the reason in `storeError`). */
  tokens: number | null;
  storeError: string | null;
}

/** Runs `body` with a context for another profile (same terminal, environment and flags). */
async function withProfile<T>(ctx: Context, profile: string, body: (other: Context) => Promise<T>): Promise<T> {
  const other = createContext({ version: ctx.version, env: ctx.env, io: ctx.io, clock: ctx.clock, signal: ctx.signal, globals: { ...ctx.globals, profile } });
  try {
    return await body(other);
  } finally {
    await other.close().catch(() => {});
  }
}

export async function listProfiles(ctx: Context): Promise<ProfileSummary[]> {
  const file = await readConfigFile(ctx.paths.configDir);
  const saved = file.defaultProfile ?? 'default';
  const names = new Set([...Object.keys(file.profiles), saved, ctx.globals.profile]);
  const out: ProfileSummary[] = [];
  for (const name of [...names].sort()) {
    out.push(await withProfile(ctx, name, async (other) => {
      const config = await other.config();
      let tokens: number | null = null;
      let storeError: string | null = null;
      try {
        tokens = (await (await other.store()).list()).length;
      } catch (error) {
        storeError = (error as Error).message;
      }
      return { name, isDefault: name === saved, active: name === ctx.globals.profile, appId: config.appId ?? null, store: config.storeKind, tokens, storeError };
    }));
  }
  // A name with no settings and no tokens (the implicit "default" on a fresh machine) is not a profile yet.
  return out.filter((p) => p.appId || (p.tokens ?? 1) > 0 || Object.hasOwn(file.profiles, p.name) || p.active);
}

export async function useProfile(ctx: Context, name: string): Promise<{ name: string; previous: string }> {
  validateProfileName(name);
  const file = await readConfigFile(ctx.paths.configDir);
  const known = (await listProfiles(ctx)).some((p) => p.name === name && (p.appId || (p.tokens ?? 0) > 0 || Object.hasOwn(file.profiles, name)));
  if (!known) {
    throw new UsageError(`There is no profile "${name}" (no settings, no tokens).`, `Set it up first: fbtok --profile ${name} config set app-id <id>, then fbtok --profile ${name} login.`, 'PROFILE_UNKNOWN');
  }
  const previous = file.defaultProfile ?? 'default';
  await writeConfigFile(ctx.paths.configDir, { ...file, defaultProfile: name });
  return { name, previous };
}

export interface DeletedProfile {
  name: string;
  settingsDeleted: boolean;
  tokensDeleted: string[];
  /** The new saved default when the deleted one was it. */
  defaultProfile: string;
}

/** Deletes the profile's settings and every token of it from its store (they keep working at Facebook). */
export async function deleteProfile(ctx: Context, name: string): Promise<DeletedProfile> {
  validateProfileName(name);
  const tokensDeleted = await withProfile(ctx, name, async (other) => {
    const store = await other.store();
    const deleted: string[] = [];
    for (const record of await store.list()) if (await store.delete(record.name, { command: 'profile delete' })) deleted.push(record.name);
    return deleted;
  });
  const file = await readConfigFile(ctx.paths.configDir);
  const settingsDeleted = Object.hasOwn(file.profiles, name);
  delete file.profiles[name];
  const wasDefault = file.defaultProfile === name;
  if (wasDefault) delete file.defaultProfile;
  if (settingsDeleted || wasDefault) await writeConfigFile(ctx.paths.configDir, file);
  if (!settingsDeleted && tokensDeleted.length === 0) {
    throw new UsageError(`There is no profile "${name}".`, 'See them with: fbtok profile list', 'PROFILE_UNKNOWN');
  }
  return { name, settingsDeleted, tokensDeleted, defaultProfile: file.defaultProfile ?? 'default' };
}

export { ExitCode };
