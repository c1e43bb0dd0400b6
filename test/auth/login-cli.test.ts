import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { setUp, expectNoSecrets, type Fixture } from '../commands/token-fixture.js';
import { runCli } from '../helpers/run-cli.js';
import { canBind } from './listener-helpers.js';
import { completeInBrowser, dialogRedirect, freePort, startLogin } from './login-fixture.js';
import type { EmulatorOptions } from '../../src/emulator/index.js';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

async function fixture(options: EmulatorOptions = {}): Promise<Fixture> {
  f = await setUp(options);
  return f;
}

async function storedUser(fx: Fixture): Promise<Record<string, any>> {
  const list = await fx.json<Array<Record<string, any>>>(['token', 'list']);
  const user = list.find((r) => r.name === 'user');
  if (!user) throw new Error(`no user record in ${JSON.stringify(list)}`);
  return user;
}

describe('fbtok login (browser flow, redirect driven without a browser)', () => {
  it('prints the redirect URI and the Development-mode rule, then stores a long-lived user token', async () => {
    const fx = await fixture({ codeExchangeLifetime: 'short' });
    const port = await freePort();
    const { cli, dialogUrl } = await startLogin(['--no-browser', '--port', String(port), '--json'], fx.env);
    expect(dialogUrl.searchParams.get('redirect_uri')).toBe(`http://localhost:${port}/callback`);
    expect(dialogUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(dialogUrl.searchParams.get('state')!.length).toBeGreaterThanOrEqual(22);
    const browser = await completeInBrowser(dialogUrl);
    expect(browser.status).toBe(200);
    const r = await cli.exited;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Redirect URI: http://localhost:${port}/callback`);
    expect(r.stderr).toMatch(/only while the app is in\s+Development mode/);
    expect(r.stderr).toMatch(/--device.*--manual/s);
    const printed = JSON.parse(r.stdout);
    expect(printed).toMatchObject({ name: 'user', type: 'USER', obtainedVia: 'login', longLived: true, subjectId: fx.emu.user.id });
    expect(fx.emu.requests.some((q) => q.form.grant_type === 'fb_exchange_token')).toBe(true);
    expect(await storedUser(fx)).toMatchObject({ fingerprint: printed.fingerprint, longLived: true });
    expectNoSecrets(r, [fx.emu.appSecret, browser.code!]);
    expect(r.stdout + r.stderr).not.toMatch(/EAA[A-Za-z0-9]{10}/);
  });

  it('the Development-mode preamble fits 80 columns, and once a localhost login has worked it is not shown again', async () => {
    const fx = await fixture();
    for (const expectPreamble of [true, false]) {
      const { cli, dialogUrl } = await startLogin(['--no-browser', '--port', String(await freePort())], fx.env);
      await completeInBrowser(dialogUrl);
      const r = await cli.exited;
      expect(r.code, r.stderr).toBe(0);
      const preamble = r.stderr.split('\n').slice(0, r.stderr.split('\n').findIndex((l) => l.startsWith('Open this URL')));
      expect(preamble.join('\n').includes('Development mode'), r.stderr).toBe(expectPreamble);
      for (const line of preamble) expect(line.length, line).toBeLessThanOrEqual(80);
    }
  });

  it('names declined permissions with the --auth-type rerequest hint', async () => {
    const fx = await fixture({ declinedScopes: ['pages_messaging'] });
    const port = await freePort();
    const { cli, dialogUrl } = await startLogin(['--no-browser', '--port', String(port)], fx.env);
    await completeInBrowser(dialogUrl);
    const r = await cli.exited;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Not granted: pages_messaging\b.*--auth-type rerequest/s);
  });

  it('sends no PKCE challenge with --no-pkce, and auth_type/config_id when asked', async () => {
    const fx = await fixture();
    const args = ['--no-browser', '--port', String(await freePort()), '--no-pkce', '--auth-type', 'rerequest', '--config-id', '4242'];
    const { cli, dialogUrl } = await startLogin(args, fx.env);
    expect(dialogUrl.searchParams.has('code_challenge')).toBe(false);
    expect(dialogUrl.searchParams.get('auth_type')).toBe('rerequest');
    expect(dialogUrl.searchParams.get('config_id')).toBe('4242');
    expect(dialogUrl.searchParams.has('scope')).toBe(false);
    await completeInBrowser(dialogUrl);
    expect((await cli.exited).code).toBe(0);
  });

  it('ends with exit 3 when the user denies', async () => {
    const fx = await fixture({ dialog: 'deny' });
    const { cli, dialogUrl } = await startLogin(['--no-browser', '--port', String(await freePort())], fx.env);
    expect((await completeInBrowser(dialogUrl)).status).toBe(200);
    const r = await cli.exited;
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/denied or cancelled.*user_denied/);
  });

  it('times out after --wait with exit 2 and a remedy, freeing the port', async () => {
    const fx = await fixture();
    const port = await freePort();
    const { cli } = await startLogin(['--no-browser', '--port', String(port), '--wait', '1s'], fx.env);
    const r = await cli.exited;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`No login arrived at http://localhost:${port}/callback`);
    expect(r.stderr).toContain('--device');
    expect(await canBind(port)).toBe(true);
  });

  it('exits 130 on Ctrl-C and frees the port', async () => {
    const fx = await fixture();
    const port = await freePort();
    const { cli } = await startLogin(['--no-browser', '--port', String(port)], fx.env);
    cli.child.kill('SIGINT');
    const r = await cli.exited;
    expect(r.code).toBe(130);
    expect(await canBind(port)).toBe(true);
  });

  it('reports a busy port with exit 2 and the --port remedy, before printing any URL', async () => {
    const fx = await fixture();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await fx.cli(['login', '--no-browser', '--port', String(port)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`Port ${port}`);
      expect(r.stderr).toContain('--port');
      expect(r.stderr).not.toContain('dialog/oauth');
    } finally {
      blocker.close();
    }
  });

  it('without a TTY, names the variables for a missing app id and secret (exit 2)', async () => {
    const fx = await fixture();
    const r = await fx.cli(['login', '--no-browser'], { env: { FBTOK_APP_ID: undefined, FBTOK_APP_SECRET: undefined } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('FBTOK_APP_ID');
    expect(r.stderr).toContain('FBTOK_APP_SECRET');
  });

  it('refuses --device without a client token, naming FBTOK_CLIENT_TOKEN (exit 2)', async () => {
    const fx = await fixture();
    const r = await fx.cli(['login', '--device']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('FBTOK_CLIENT_TOKEN');
    expect(r.stderr).toContain('config set client-token --stdin');
  });
});

describe('fbtok login --manual (piped stdin)', () => {
  const REDIRECT = 'https://bot.example.com/fb/callback';

  it('reads the pasted redirected URL, checks its state and stores the token', async () => {
    const fx = await fixture();
    const { cli, dialogUrl } = await startLogin(['--manual', '--redirect-uri', REDIRECT, '--json'], fx.env);
    expect(dialogUrl.searchParams.get('redirect_uri')).toBe(REDIRECT);
    const location = await dialogRedirect(dialogUrl);
    expect(location.startsWith(REDIRECT)).toBe(true);
    cli.child.stdin.end(`${location}\n`);
    const r = await cli.exited;
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'user', obtainedVia: 'manual-login' });
    expect(r.stderr).not.toContain('cannot be checked');
    expectNoSecrets(r, [new URL(location).searchParams.get('code')!]);
  });

  it('--pages --json: one document, the user record with the stored Page records under pages', async () => {
    const fx = await fixture();
    const { cli, dialogUrl } = await startLogin(['--manual', '--redirect-uri', REDIRECT, '--pages', '--json'], fx.env);
    cli.child.stdin.end(`${await dialogRedirect(dialogUrl)}\n`);
    const r = await cli.exited;
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ name: 'user', obtainedVia: 'manual-login' });
    expect(doc.pages.map((p: { name: string }) => p.name)).toEqual(fx.emu.pages.map((p) => `page:${p.id}`));
    expect(doc.pages.every((p: { type: string; derivedFrom: string }) => p.type === 'PAGE' && p.derivedFrom === doc.fingerprint)).toBe(true);
  });

  it('refuses a pasted URL whose state belongs to another login (exit 3)', async () => {
    const fx = await fixture();
    const { cli, dialogUrl } = await startLogin(['--manual', '--redirect-uri', REDIRECT], fx.env);
    const forged = new URL(await dialogRedirect(dialogUrl));
    forged.searchParams.set('state', 'someone-elses-state');
    cli.child.stdin.end(`${forged}\n`);
    const r = await cli.exited;
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('state does not match');
  });

  it('accepts a bare code with a warning that it cannot be checked', async () => {
    const fx = await fixture();
    const own = new URL(`${fx.emu.url}/v26.0/dialog/oauth`);
    own.search = new URLSearchParams({ client_id: fx.emu.appId, redirect_uri: REDIRECT, response_type: 'code', state: 'x' }).toString();
    const code = new URL(await dialogRedirect(own)).searchParams.get('code')!;
    const r = await runCli(['login', '--manual', '--redirect-uri', REDIRECT], { env: fx.env, input: `${code}#_=_\n` });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('bare code cannot be checked');
    expectNoSecrets(r, [code]);
  });

  it('names the exact URI to register when the redirect URI does not match', async () => {
    const fx = await fixture();
    const own = new URL(`${fx.emu.url}/v26.0/dialog/oauth`);
    own.search = new URLSearchParams({ client_id: fx.emu.appId, redirect_uri: 'https://elsewhere.example.com/cb', response_type: 'code', state: 'x' }).toString();
    const code = new URL(await dialogRedirect(own)).searchParams.get('code')!;
    const r = await runCli(['login', '--manual', '--redirect-uri', REDIRECT], { env: fx.env, input: `${code}\n` });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Add exactly ${REDIRECT} to Valid OAuth Redirect URIs`);
  });

  it('a code Facebook cannot read (cut short): exit 2, says to paste the whole URL, not to fix the redirect URI', async () => {
    const fx = await fixture();
    const r = await runCli(['login', '--manual', '--redirect-uri', REDIRECT], { env: fx.env, input: 'AQDtruncatedcode\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Invalid verification code format');
    expect(r.stderr).toContain('paste the whole URL');
    expect(r.stderr).not.toContain('Valid OAuth Redirect URIs');
  });

  it('a verifier Facebook rejects (a code from another login) says to start again, never --no-pkce', async () => {
    const fx = await fixture();
    const { cli, dialogUrl } = await startLogin(['--manual', '--redirect-uri', REDIRECT], fx.env);
    dialogUrl.searchParams.set('code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    cli.child.stdin.end(`${await dialogRedirect(dialogUrl)}\n`);
    const r = await cli.exited;
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/did not belong to this login/);
    expect(r.stderr).not.toContain('--no-pkce');
  });

  it('needs --redirect-uri (exit 2)', async () => {
    const fx = await fixture();
    const r = await fx.cli(['login', '--manual']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--redirect-uri');
  });
});
