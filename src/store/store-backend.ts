import type { SecretVault } from './secret-vault.js';
import type { StoreIndex } from './record-index.js';

/** What an IndexedStore needs from a backend: a vault for secrets and a place for the profile's index. */
export interface StoreBackend {
  readonly kind: string;
  readonly location: string;
  readonly vault: SecretVault;
  /** Base path of the inter-process lock this backend's writers share. */
  readonly lockPath: string;
  /** Reads the profile's index afresh (writers call it inside the lock). */
  readIndex(): Promise<StoreIndex>;
  /**
   * Persists the index, atomically and last: for the keychain after every secret is written;
   * for the file store together with the secrets (one write).
   */
  writeIndex(index: StoreIndex): Promise<void>;
}
