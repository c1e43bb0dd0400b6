// A store chosen with --store for a secret stays chosen: `config set app-secret --stdin --store file` on a
// machine without a keychain must not leave the next `fbtok login` back on the keychain. Also for the
// first-run wizard, when it sets up the file store.
import { readConfigFile, writeConfigFile } from './config-file.js';
import { validateStoreKind } from './profile.js';

/** Saves `kind` as the profile's store; false when it already was (nothing written). */
export async function rememberStore(configDir: string, profile: string, kind: string): Promise<boolean> {
  validateStoreKind(kind);
  const file = await readConfigFile(configDir);
  const settings = file.profiles[profile] ?? {};
  if (settings.store === kind) return false;
  file.profiles[profile] = { ...settings, store: kind };
  await writeConfigFile(configDir, file);
  return true;
}
