// What gh and gcloud users reach for: login --add-scopes, status naming environment overrides, a hint after
// importing a short-lived token, and config set scopes warning about names Facebook would refuse.
import { startCli } from '../helpers/cli-stream.js';
import { afterEach, describe, expect, it } from 'vitest';
import { setUp, expectNoSecrets, type Fixture } from './token-fixture.js';
import { completeInBrowser, freePort, startLogin } from '../auth/login-fixture.js';
import { parseLoginFlags } from '../../src/commands/login.js';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

describe('first hour', () => {
  it('login --add-scopes asks for the stored token\'s scopes plus the new ones, with auth_type=rerequest', async () => {
    f = await setUp();
    await f.importToken(f.emu.issueUserToken({ lifetime: 'long', scopes: ['public_profile', 'pages_show_list'] }));
    const { cli, dialogUrl } = await startLogin(['--no-browser', '--port', String(await freePort()), '--add-scopes', 'pages_messaging,pages_show_list'], f.env);
    expect(dialogUrl.searchParams.get('scope')!.split(',').sort()).toEqual(['pages_messaging', 'pages_show_list', 'public_profile']);
    expect(dialogUrl.searchParams.get('auth_type')).toBe('rerequest');
    await completeInBrowser(dialogUrl);
    const r = await cli.exited;
    expect(r.code, r.stderr).toBe(0);
    expect(() => parseLoginFlags({ scopes: 'a', addScopes: 'b' })).toThrow(/--scopes replaces/);
  });

  it('login --device --add-scopes warns that a declined permission is not asked again (no auth_type on device login)', async () => {
    f = await setUp();
    await f.importToken(f.emu.issueUserToken({ lifetime: 'long', scopes: ['public_profile', 'pages_show_list'] }));
    const cli = startCli(['login', '--device', '--add-scopes', 'pages_messaging'], { env: { ...f.env, FBTOK_CLIENT_TOKEN: f.emu.clientToken }, timeoutMs: 120_000 });
    const userCode = (await cli.waitForStderr(/enter the code: (\S+)/, 60_000))[1];
    expect(cli.stderr()).toMatch(/warning: Device login cannot re-request a permission the user declined/);
    f.emu.approveDevice(userCode);
    const r = await cli.exited;
    expect(r.code, r.stderr).toBe(0);
  });

  it('status says which environment variables override what is stored, by name only', async () => {
    f = await setUp();
    const r = await f.cli(['status'], { env: { FBTOK_ACCESS_TOKEN: f.emu.issueUserToken() } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^Set in the environment, over what is stored: .*\bFBTOK_APP_SECRET\b/m);
    expect(r.stderr).toMatch(/^Set in the environment, .*\bFBTOK_ACCESS_TOKEN\b.*\bFBTOK_STORE\b/m);
    const json = await f.json(['status'], { env: { FBTOK_ACCESS_TOKEN: 'x' } });
    expect(json.overrides).toContainEqual({ variable: 'FBTOK_ACCESS_TOKEN', overrides: expect.stringContaining('stored token') });
    expectNoSecrets(r, [f.emu.appSecret]);
    // Nothing overridden: the file store chosen in the config, not by FBTOK_STORE (no keychain on a test machine).
    expect((await f.cli(['config', 'set', 'store', 'file'])).code).toBe(0);
    const quiet = await f.cli(['status'], { env: { FBTOK_APP_SECRET: undefined, FBTOK_APP_ID: undefined, FBTOK_STORE: undefined } });
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).not.toMatch(/FBTOK_(APP_SECRET|APP_ID|STORE|ACCESS_TOKEN)\b/);
  });

  it('token import of a short-lived user token suggests exchange-long-lived; a long-lived one does not', async () => {
    f = await setUp();
    const short = await f.cli(['token', 'import', '--token-stdin', '--name', 'explorer'], { input: f.emu.issueUserToken({ lifetime: 'short' }) });
    expect(short.code, short.stderr).toBe(0);
    expect(short.stderr).toContain('short-lived; for a ~60-day token run `fbtok exchange-long-lived --from explorer`');
    const long = await f.cli(['token', 'import', '--token-stdin'], { input: f.emu.issueUserToken({ lifetime: 'long' }) });
    expect(long.stderr).not.toContain('exchange-long-lived');
  });

  it('config set scopes warns about unknown permission names and about leaving out pages_show_list, and still saves', async () => {
    f = await setUp();
    const r = await f.cli(['config', 'set', 'scopes', 'pages_messaging,pages_mesaging']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/"pages_mesaging" is not a Graph permission fbtok knows/);
    expect(r.stderr).not.toMatch(/"pages_messaging" is not/);
    expect(r.stderr).toMatch(/Without pages_show_list .*page-tokens/);
    expect(await f.json(['config', 'get', 'scopes'])).toMatchObject({ value: ['pages_messaging', 'pages_mesaging'] });
    const fine = await f.cli(['config', 'set', 'scopes', 'pages_show_list,pages_messaging']);
    expect(fine.stderr).not.toContain('warning');
  });
});
