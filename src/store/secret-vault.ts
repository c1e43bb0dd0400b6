// Where secrets live for the keychain and credential-helper stores; the record index lives beside it.
import type { AppSecretKind } from './token-store.js';

/** One secret per account string; `undefined` = not there. Every call is bounded in time. */
export interface SecretVault {
  readonly kind: string;
  readonly location: string;
  /** How many calls may run at once (gnome-keyring: ~8; a helper spawning gpg: fewer). */
  readonly concurrency: number;
  get(account: string): Promise<string | undefined>;
  /**
   * Many secrets in one call, where the backend can (the keychain's search of the whole service costs
   * ~1 ms per entry; one lookup by account costs ~8 ms with @napi-rs/keyring). Absent accounts are
   * absent from the map. Backends without it are read one account at a time.
   */
  getMany?(accounts: readonly string[]): Promise<Map<string, string>>;
  set(account: string, secret: string): Promise<void>;
  /** True when something was deleted. */
  delete(account: string): Promise<boolean>;
  close(): Promise<void>;
}

export const KEYCHAIN_SERVICE = 'fbtok';

/** `<profile>/<name>`: what `secret-tool search service fbtok` shows as the account. */
export function tokenAccount(profile: string, name: string): string {
  return `${profile}/${name}`;
}

export function previousAccount(profile: string, name: string): string {
  return `${profile}/${name}#previous`;
}

export function appSecretAccount(profile: string, kind: AppSecretKind): string {
  return `${profile}/config:${kind}`;
}


/** Past a handful of secrets, one search of the keychain beats an entry per account. */
export const BULK_READ_THRESHOLD = 8;

export function useBulkRead(vault: SecretVault, count: number): boolean {
  return vault.getMany !== undefined && count > BULK_READ_THRESHOLD;
}
