// Windows Credential Manager's 2,560-byte limit per secret, checked before anything reaches the binding.
import { describe, expect, it } from 'vitest';
import { createKeychainVault, WINDOWS_SECRET_LIMIT_BYTES } from '../../src/store/keychain-vault.js';
import { StoreUnavailableError } from '../../src/errors.js';
import { systemClock } from '../../src/io/clock.js';

describe('keychain vault on Windows', () => {
  it('refuses a secret over 2,560 bytes (UTF-16) with exit 7, the reason and the encrypted file store as the way out', async () => {
    const vault = await createKeychainVault({ env: {}, clock: systemClock, timeoutMs: 5_000, platform: 'win32' });
    const secret = `EAACANARY${'x'.repeat(WINDOWS_SECRET_LIMIT_BYTES / 2 - 8)}`; // 1,281 characters
    const error = await vault.set('default/user', secret).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as StoreUnavailableError).exitCode).toBe(7);
    expect((error as Error).message).toBe('The secret is 2562 bytes as UTF-16; Windows Credential Manager holds at most 2560 bytes per secret.');
    expect((error as StoreUnavailableError).remedy).toMatch(/fbtok config set store file.*FBTOK_STORE_PASSPHRASE/);
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain('CANARY');
  });
});
