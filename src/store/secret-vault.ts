// Where secrets live for the keychain and credential-helper stores; the record index lives beside it.
import type { AppSecretKind } from './token-store.js';

/** One secret per account string; `undefined` = not there. Every call is bounded in time. */
export interface SecretVault {
  readonly kind: string;
  readonly location: string;
  /** How many calls may run at once (gnome-keyring: ~8; a helper spawning gpg: fewer). */
  readonly concurrency: number;
  get(account: string): Promise<string | undefined>;
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
