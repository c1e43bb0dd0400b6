import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecretService, searchKeychain, type SecretServiceHandle } from '../helpers/secret-service.js';
import { expectNoSecrets, setUp, type Fixture } from './token-fixture.js';

// The same commands against a real Secret Service (a private dbus-daemon + gnome-keyring-daemon).
describe('token commands with the keychain store', () => {
  let service: SecretServiceHandle;
  let f: Fixture;
  beforeAll(async () => {
    service = await startSecretService();
    f = await setUp({ pages: 2 });
  });
  afterAll(async () => {
    await f?.close();
    await service?.stop();
  });

  it('import → list → get → page-tokens → status round-trip, secrets only in the keychain', async () => {
    const env = { ...service.env, FBTOK_STORE: 'keychain' };
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    const imp = await f.cli(['token', 'import', '--token-stdin'], { input: user, env });
    expect(imp.code, imp.stderr).toBe(0);
    const list = await f.cli(['token', 'list', '--json'], { env });
    expect(JSON.parse(list.stdout).map((r: { name: string }) => r.name)).toEqual(['user']);
    expectNoSecrets(list, [user]);
    const get = await f.cli(['token', 'get', 'user'], { env });
    expect(get.stdout.trim()).toBe(user);
    expect((await f.cli(['page-tokens'], { env })).code).toBe(0);
    const status = await f.cli(['status', '--json'], { env });
    expect(JSON.parse(status.stdout).store.kind).toBe('keychain');
    expect(JSON.parse(status.stdout).tokens).toHaveLength(3);
    expect(await searchKeychain(service.env)).toContain('user');
    // The file store of the same config dir holds nothing: the tokens went to the keychain.
    expect(JSON.parse((await f.cli(['token', 'list', '--json'])).stdout)).toEqual([]);
  });
});
