// Secrets in the OS keychain through @napi-rs/keyring: service `fbtok`, account `<profile>/<name>`.
// Every call is bounded; after the first failure the vault fails fast instead of timing out per item.
import type { AsyncEntry, findCredentialsAsync } from '@napi-rs/keyring';
import { StoreUnavailableError } from '../errors.js';
import type { Clock } from '../io/clock.js';
import { redact } from '../util/redact.js';
import { formatSeconds, withTimeout } from './call-timeout.js';
import { probeSecretService } from './dbus-probe.js';
import { KEYCHAIN_SERVICE, type SecretVault } from './secret-vault.js';

export interface KeychainVaultOptions {
  env: Record<string, string | undefined>;
  clock: Clock;
  timeoutMs: number;
  platform?: NodeJS.Platform;
  concurrency?: number;
}

const LOCKED_REMEDY =
  'Unlock the login keyring (e.g. log in to the desktop session), or use `--store file` (FBTOK_STORE=file) with FBTOK_STORE_PASSPHRASE.';

/** Maps the binding's errors to a cause a person can act on. */
export function keychainError(error: unknown, timeoutMs: number): StoreUnavailableError {
  if (error instanceof StoreUnavailableError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/unlock prompt|locked/i.test(message)) {
    return new StoreUnavailableError('The keychain is locked (the unlock prompt was dismissed or could not be shown).', LOCKED_REMEDY, error);
  }
  if (/did not receive a reply|timed? ?out/i.test(message)) {
    return new StoreUnavailableError(`The Secret Service did not answer within ${formatSeconds(timeoutMs)}.`, undefined, error);
  }
  if (/DBUS_SESSION_BUS_ADDRESS|autolaunch/i.test(message)) {
    return new StoreUnavailableError('No D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set), so no keychain.', undefined, error);
  }
  if (/ServiceUnknown|org\.freedesktop\.secrets/i.test(message)) {
    return new StoreUnavailableError('No Secret Service is running on the session bus.', undefined, error);
  }
  return new StoreUnavailableError(`The keychain failed: ${redact(message)}`, undefined, error);
}

export async function createKeychainVault(options: KeychainVaultOptions): Promise<SecretVault> {
  const { env, clock, timeoutMs } = options;
  const platform = options.platform ?? process.platform;
  // Lazy, at the first secret: commands that read only the index never load the native binding.
  let Entry: typeof AsyncEntry | undefined;
  let ready: Promise<void> | undefined;
  let broken: StoreUnavailableError | undefined;
  /** A call timed out while the binding's thread was still in it (see abandon-connections.ts). */
  let abandoned = false;

  // A new entry per call, not a cache: each entry holds a D-Bus connection, and a thousand open
  // connections slow gnome-keyring down for every later call (measured: twice the time for 1,000 writes).
  // Pinned: unpinned, Linux silently falls back to the kernel keyring, which forgets at reboot.
  const entryFor = (account: string): AsyncEntry => new Entry!(KEYCHAIN_SERVICE, account, { linux: { store: 'secret-service' } });

  let findAll: typeof findCredentialsAsync | undefined;

  async function call<T>(account: string, fn: (entry: AsyncEntry, signal: AbortSignal) => Promise<T>, budgetMs = timeoutMs): Promise<T> {
    if (broken) throw broken;
    try {
      await (ready ??= (async () => {
        if (platform === 'linux') await probeSecretService(env, timeoutMs);
        const binding = await import('@napi-rs/keyring');
        Entry = binding.AsyncEntry;
        findAll = binding.findCredentialsAsync;
      })());
      return await withTimeout(
        (signal) => fn(account ? entryFor(account) : (undefined as never), signal),
        budgetMs,
        clock,
        () => {
          abandoned = true;
          return new StoreUnavailableError(`The Secret Service did not answer within ${formatSeconds(budgetMs)}.`);
        },
      );
    } catch (error) {
      broken = keychainError(error, timeoutMs);
      throw broken;
    }
  }

  return {
    kind: 'keychain',
    location: `OS keychain, service "${KEYCHAIN_SERVICE}"`,
    concurrency: options.concurrency ?? 8,
    get: (account) => call(account, async (entry, signal) => (await entry.getPassword(signal)) ?? undefined),
    // One search of the service instead of an entry per account; its time grows with the entries stored.
    getMany: (accounts) =>
      call(
        '',
        async (_entry, signal) => {
          const wanted = new Set(accounts);
          const found = new Map<string, string>();
          for (const { account, password } of await findAll!(KEYCHAIN_SERVICE, null, signal)) {
            if (wanted.has(account)) found.set(account, password);
          }
          return found;
        },
        timeoutMs + 20 * accounts.length,
      ),
    set: async (account, secret) => {
      if (platform === 'win32') checkWindowsSize(secret);
      return call(account, (entry, signal) => entry.setPassword(secret, signal));
    },
    delete: (account) => call(account, (entry, signal) => entry.deletePassword(signal)),
    close: async () => {
      if (!abandoned) return;
      const { shutDownUnixSockets } = await import('./abandon-connections.js');
      await shutDownUnixSockets();
    },
  };
}

/**
 * Windows Credential Manager holds at most 2,560 bytes per secret (CRED_MAX_CREDENTIAL_BLOB_SIZE), and
 * the binding stores UTF-16: 1,280 characters. Said before writing, instead of the API's bare failure.
 */
export const WINDOWS_SECRET_LIMIT_BYTES = 2560;

function checkWindowsSize(secret: string): void {
  const bytes = secret.length * 2;
  if (bytes <= WINDOWS_SECRET_LIMIT_BYTES) return;
  throw new StoreUnavailableError(
    `The secret is ${bytes} bytes as UTF-16; Windows Credential Manager holds at most ${WINDOWS_SECRET_LIMIT_BYTES} bytes per secret.`,
    'Keep this profile in the encrypted file store: `fbtok config set store file` with FBTOK_STORE_PASSPHRASE set.',
  );
}
