// Keychain and credential-helper stores: secrets in the vault, records in
// `<configDir>/index/<vault>/<profile>.json` (no secrets, 0600, atomic), so list() and get() never touch
// the keychain. One index per vault: an index shared between vaults would list (and, skipping secrets it
// believes stored, never write) tokens the vault in use does not hold.
import { join } from 'node:path';
import { readIndexFile, writeIndexFile } from './record-index.js';
import type { SecretVault } from './secret-vault.js';
import type { StoreBackend } from './store-backend.js';

export function indexPath(configDir: string, vaultKind: string, profile: string): string {
  return join(configDir, 'index', vaultKind.replace(/[^A-Za-z0-9._-]/g, '-'), `${encodeURIComponent(profile)}.json`);
}

export function createVaultBackend(vault: SecretVault, configDir: string, profile: string): StoreBackend {
  const path = indexPath(configDir, vault.kind, profile);
  return {
    kind: vault.kind,
    location: vault.location,
    vault,
    lockPath: join(configDir, 'locks', encodeURIComponent(profile)),
    readIndex: () => readIndexFile(path),
    writeIndex: (index) => writeIndexFile(path, index),
  };
}
