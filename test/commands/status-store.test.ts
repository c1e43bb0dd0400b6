import { afterEach, describe, expect, it } from 'vitest';
import { setUp, type Fixture } from './token-fixture.js';

// What status and config list say about the store behind the index.
describe('status and config list tell the truth about the store', () => {
  let f: Fixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });
  // The keychain store on a machine without a session bus: no keychain can be reached.
  const noKeychain = { FBTOK_STORE: 'keychain', DBUS_SESSION_BUS_ADDRESS: undefined };

  it('status with no reachable keychain says so instead of "No tokens yet", and names the tokens the file store holds', async () => {
    f = await setUp({ pages: 1 });
    const empty = await f.cli(['status'], { env: noKeychain });
    expect(empty.code, empty.stderr).toBe(7);
    expect(empty.stderr).toMatch(/^error: No tokens are indexed for profile "default", and the keychain cannot be reached: No D-Bus session bus/m);
    expect(empty.stderr).not.toMatch(/No tokens yet/);

    await f.importToken(f.emu.issueUserToken({ lifetime: 'long' }));
    const r = await f.cli(['status', '--json'], { env: noKeychain });
    expect(r.code, r.stderr).toBe(7);
    expect(r.stderr).toMatch(/the file store holds 1 token for this profile/);
    expect(JSON.parse(r.stdout).error).toMatchObject({ exitCode: 7, remedy: expect.stringContaining('--store file') });
    // The file store itself still answers as before.
    expect((await f.cli(['status'])).code).toBe(0);
  });

  it('config list shows the app secret and client token as set (and where) or not set, never "unknown"', async () => {
    f = await setUp({ pages: 1 });
    const before = await f.json(['config', 'list'], { env: { FBTOK_APP_SECRET: '' } });
    expect(before).toMatchObject({ 'app-secret': 'not set', 'client-token': 'not set' });
    expect((await f.cli(['config', 'set', 'app-secret', '--stdin'], { input: f.emu.appSecret })).code).toBe(0);
    const stored = await f.cli(['config', 'list'], { env: { FBTOK_APP_SECRET: '' } });
    expect(stored.stdout).toMatch(/^app-secret\s+set \(file store\)$/m);
    expect(stored.stdout).toMatch(/^client-token\s+not set$/m);
    expect(stored.stdout).not.toContain(f.emu.appSecret);
    expect(await f.json(['config', 'list'])).toMatchObject({ 'app-secret': 'set (environment)' });
    const broken = await f.cli(['config', 'list'], { env: { ...noKeychain, FBTOK_APP_SECRET: '' } });
    expect(broken.code).toBe(0);
    expect(broken.stdout).toMatch(/^app-secret\s+not readable: No D-Bus session bus/m);
    expect(broken.stdout + broken.stderr).not.toMatch(/unknown/);
  });
});
