// Picks the backend named by `--store` / FBTOK_STORE / the profile (`keychain`, `file`, `helper:NAME`).
// Never falls back silently to a weaker store: an unreachable one is a StoreUnavailableError (exit 7).
import { UsageError } from '../errors.js';
import { resolveCallTimeout, resolveHelperTimeout } from './call-timeout.js';
import { createIndexedStore } from './indexed-store.js';
import { createProfileLock } from './lock.js';
import type { SecretVault } from './secret-vault.js';
import type { StoreBackend } from './store-backend.js';
import type { TokenStore, TokenStoreOptions } from './token-store.js';
import { createVaultBackend } from './vault-backend.js';

export interface CreateTokenStoreOptions extends TokenStoreOptions {
  /** Wraps the vault (tests count calls). */
  wrapVault?: (vault: SecretVault) => SecretVault;
  /** How long a writer waits for another fbtok holding the lock (default 30 s, env FBTOK_LOCK_TIMEOUT in ms). */
  lockWaitMs?: number;
  /** A lock not refreshed for this long is taken over as left by a killed process (default 10 s, at least 2 s). */
  lockStaleMs?: number;
  /** Keychain/helper calls in flight at once for bulk reads and writes (default 8; helpers 4). */
  concurrency?: number;
}

const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

async function createBackend(options: CreateTokenStoreOptions): Promise<StoreBackend> {
  const { kind, env, paths, profile } = options;
  const wrap = options.wrapVault ?? ((vault: SecretVault) => vault);
  if (kind === 'file') {
    const { createFileBackend } = await import('./file-store.js');
    return createFileBackend({
      configDir: paths.configDir,
      profile,
      passphrase: env.FBTOK_STORE_PASSPHRASE || undefined,
      interactive: options.interactive,
      warn: options.warn,
    });
  }
  if (kind === 'keychain') {
    const { createKeychainVault } = await import('./keychain-vault.js');
    const timeoutMs = resolveCallTimeout(options.callTimeoutMs, env);
    const vault = await createKeychainVault({ env, clock: options.clock, timeoutMs, concurrency: options.concurrency });
    return createVaultBackend(wrap(vault), paths.configDir, profile);
  }
  const helper = kind.startsWith('helper:') ? kind.slice('helper:'.length) : undefined;
  if (helper && HELPER_NAME.test(helper)) {
    const { createCredentialHelperVault } = await import('./credential-helper-vault.js');
    const timeoutMs = resolveHelperTimeout(options.callTimeoutMs, env);
    const vault = createCredentialHelperVault({ name: helper, env, timeoutMs, concurrency: options.concurrency });
    return createVaultBackend(wrap(vault), paths.configDir, profile);
  }
  throw new UsageError(
    `Unknown token store "${kind}".`,
    'Use `--store keychain`, `--store file` or `--store helper:NAME` (a docker-credential-NAME helper).',
    'UNKNOWN_STORE',
  );
}

export async function createTokenStore(options: CreateTokenStoreOptions): Promise<TokenStore> {
  const backend = await createBackend(options);
  const lockWait = Number(options.env.FBTOK_LOCK_TIMEOUT);
  const lock = createProfileLock({
    lockPath: backend.lockPath,
    clock: options.clock,
    waitMs: options.lockWaitMs ?? (lockWait > 0 ? lockWait : undefined),
    staleMs: options.lockStaleMs,
  });
  return createIndexedStore({
    backend,
    profile: options.profile,
    stateDir: options.paths.stateDir,
    clock: options.clock,
    lock,
    warn: options.warn,
  });
}
