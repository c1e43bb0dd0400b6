// A code injected into the login listener (issued for another login's PKCE challenge, carrying this
// login's state, as an attacker who saw the state would send it): Facebook refuses the exchange (36010),
// and fbtok says the code did not belong to this login and to start again; never to turn PKCE off.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { setUp, type Fixture } from '../commands/token-fixture.js';
import { dialogRedirect, freePort, startLogin } from './login-fixture.js';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('login: a code from another login (PKCE verifier mismatch)', () => {
  it('exit 3, "the code did not belong to this login, start again", nothing stored, no advice to turn PKCE off', async () => {
    fx = await setUp();
    const { cli, dialogUrl } = await startLogin(['--no-browser', '--port', String(await freePort())], fx.env);
    expect(dialogUrl.searchParams.get('code_challenge')).toBeTruthy();
    const attacker = new URL(dialogUrl);
    attacker.searchParams.set('code_challenge', createHash('sha256').update('a'.repeat(64)).digest('base64url'));
    const injected = await dialogRedirect(attacker);
    expect(new URL(injected).searchParams.get('state')).toBe(dialogUrl.searchParams.get('state'));
    await (await fetch(injected, { redirect: 'manual' })).text();
    const r = await cli.exited;
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/did not belong to this login.*start again with `fbtok login`/s);
    expect(r.stderr).not.toMatch(/no-pkce|pkce false|turn(ed)? off|disable/i);
    const exchange = fx.emu.requests.find((q) => q.path === '/oauth/access_token');
    expect(exchange?.status).toBe(400);
    expect((await fx.json<unknown[]>(['token', 'list'])).length).toBe(0);
  });
});
