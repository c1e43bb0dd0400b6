// The questions fbtok asks, answered at a real pseudo-terminal (util-linux `script`) with keystrokes: a
// token piped in is confirmed on the controlling terminal; "no", Ctrl-C and Ctrl-D end with exit 130,
// one plain "Nothing changed." line and the store as it was.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setUp, type Fixture } from '../commands/token-fixture.js';
import { KEY, runInPty } from '../helpers/pty.js';
import { seedUserAndPages, setUpRotation } from '../rotate/harness.js';
import { completeInBrowser, freePort } from '../auth/login-fixture.js';

// Each test runs the CLI a few times on a shared 2-core machine: room for that, no tighter bound than the runs'.
const SLOW = 180_000;

let f: Fixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

const storeBytes = (fx: Fixture) => {
  const path = join(fx.env.FBTOK_CONFIG_DIR, 'tokens.json');
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
};

/** The lines after the question: a cancel is one plain line, never an `error:`. */
function expectNothingChanged(screen: string): void {
  expect(screen).toMatch(/^Nothing changed\.\r?$/m);
  expect(screen).not.toContain('error:');
}

describe('replacing a stored token when stdin carried the new one', () => {
  it.each([
    ['n and Enter', `n${KEY.enter}`],
    ['Ctrl-C', KEY.ctrlC],
    ['Ctrl-D', KEY.ctrlD],
  ])('token import --token-stdin asks on the terminal; %s keeps the store as it was (exit 130)', async (_what, keys) => {
    f = await setUp();
    await f.importToken(f.emu.issueUserToken({ lifetime: 'long' }));
    const before = storeBytes(f);
    const pty = runInPty('printf %s "$NEW_TOKEN" | $FBTOK token import --token-stdin', { ...f.env, NEW_TOKEN: f.emu.issueUserToken({ lifetime: 'long' }) });
    await pty.waitFor('Replace it?');
    pty.type(keys);
    const r = await pty.result();
    expect(r.code, r.screen).toBe(130);
    expectNothingChanged(r.screen);
    expect(storeBytes(f)).toBe(before);
  }, SLOW);

  it('token import --token-stdin: y on the terminal replaces it (the old token kept as previous)', async () => {
    f = await setUp();
    const old = f.emu.issueUserToken({ lifetime: 'long' });
    await f.importToken(old);
    const fresh = f.emu.issueUserToken({ lifetime: 'long' });
    const pty = runInPty('printf %s "$NEW_TOKEN" | $FBTOK token import --token-stdin', { ...f.env, NEW_TOKEN: fresh });
    await pty.waitFor('Replace it?');
    pty.type(`y${KEY.enter}`);
    const r = await pty.result();
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).not.toContain(fresh);
    expect((await f.cli(['token', 'get', 'user'])).stdout.trim()).toBe(fresh);
  }, SLOW);

  it('stderr not on the terminal (a log file): nothing is asked, exit 2 naming --force, the store as it was', async () => {
    f = await setUp();
    await f.importToken(f.emu.issueUserToken({ lifetime: 'long' }));
    const before = storeBytes(f);
    const log = join(f.env.FBTOK_CONFIG_DIR, 'stderr.log');
    const pty = runInPty(`printf %s "$NEW_TOKEN" | $FBTOK token import --token-stdin 2>"${log}"`, { ...f.env, NEW_TOKEN: f.emu.issueUserToken({ lifetime: 'long' }) });
    const r = await pty.result();
    expect(r.code, r.screen).toBe(2);
    expect(r.screen).not.toContain('Replace it?');
    expect(readFileSync(log, 'utf8')).toMatch(/no terminal to ask on\.\n {2}Pass --force to replace "user"/);
    expect(storeBytes(f)).toBe(before);
  }, SLOW);

  it('exchange-long-lived --token-stdin --save over a Page token asks on the terminal; Ctrl-D exchanges and stores nothing', async () => {
    f = await setUp({ pages: 1 });
    await f.importToken(f.emu.issueUserToken({ lifetime: 'long' }));
    expect((await f.cli(['page-tokens'])).code).toBe(0);
    const pageName = `page:${f.emu.pages[0].id}`;
    const before = storeBytes(f);
    f.emu.resetRequests();
    const pty = runInPty(`printf %s "$NEW_TOKEN" | $FBTOK exchange-long-lived --token-stdin --save ${pageName}`, { ...f.env, NEW_TOKEN: f.emu.issueUserToken({ lifetime: 'short' }) });
    await pty.waitFor(`"${pageName}" already holds a PAGE token (Emulated Page 1, ${f.emu.pages[0].id}). Replace it?`);
    pty.type(KEY.ctrlD);
    const r = await pty.result();
    expect(r.code, r.screen).toBe(130);
    expectNothingChanged(r.screen);
    expect(f.emu.requestCount('/oauth/access_token')).toBe(0);
    expect(storeBytes(f)).toBe(before);
  }, SLOW);
});

describe('revoke', () => {
  it('names the user (name and id) and the app it acts on; no sends nothing', async () => {
    f = await setUp({ pages: 1, user: { id: '10000000000077', name: 'Jane Doe' } });
    await f.importToken(f.emu.issueUserToken({ lifetime: 'long' }));
    const before = storeBytes(f);
    f.emu.resetRequests();
    const pty = runInPty('$FBTOK revoke', f.env);
    await pty.waitFor('(y/N)');
    pty.type(`n${KEY.enter}`);
    const r = await pty.result();
    expect(r.screen).toMatch(new RegExp(`Revoke app "[^"]+" \\(${f.emu.appId}\\) for Jane Doe \\(10000000000077\\)\\?`));
    expect(r.code, r.screen).toBe(130);
    expectNothingChanged(r.screen);
    expect(f.emu.requests.filter((q) => q.method === 'DELETE')).toEqual([]);
    expect(storeBytes(f)).toBe(before);
  }, SLOW);
});

describe('rotate', () => {
  it('Ctrl-C at "Log in now?" is exit 130 with nothing changed', async () => {
    const rf = await setUpRotation();
    f = rf;
    await seedUserAndPages(rf, 3, { pages: false });
    const before = rf.storeBytes();
    const pty = runInPty('$FBTOK rotate', rf.env);
    await pty.waitFor('Log in now?');
    pty.type(KEY.ctrlC);
    const r = await pty.result();
    expect(r.code, r.screen).toBe(130);
    expectNothingChanged(r.screen);
    expect(rf.storeBytes()).toBe(before);
  }, SLOW);
});

describe('rotate, yes to "Log in now?"', () => {
  it('logs in and lists every action of the run, the pass before the login included', async () => {
    const rf = await setUpRotation({ dialog: 'auto' });
    f = rf;
    await seedUserAndPages(rf, 3);
    // Exchanged by the pass before the login; not due in the pass after it.
    await rf.importToken(rf.emu.issueUserToken({ lifetime: 'short' }), 'work');
    expect((await rf.cli(['config', 'set', 'port', String(await freePort())])).code).toBe(0);
    const pty = runInPty('$FBTOK rotate', rf.env);
    await pty.waitFor('Log in now?');
    pty.type(`y${KEY.enter}`);
    await pty.waitFor('Waiting up to');
    const url = /(https?:\/\/\S+\/dialog\/oauth\?\S+)/.exec(pty.screen())![1];
    expect((await completeInBrowser(new URL(url))).status).toBe(200);
    const r = await pty.result();
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).toMatch(/^work\s+rotated\s+.*exchanged; now expires/m);
    expect(r.screen).toMatch(/^user\s+rotated\s+.*renewed by a new login/m);
    expect(r.screen).toMatch(/^page:\d+\s+rotated\s+never\s+the user token it came from was replaced/m);
    expect(r.screen).toContain('4 rotated, 0 skipped, 0 failed.');
  }, SLOW);
});

describe('the first-run wizard', () => {
  it('Ctrl-D at the permissions question: exit 130, and it says the app id and secret typed were not saved', async () => {
    f = await setUp();
    const { FBTOK_APP_ID: _id, FBTOK_APP_SECRET: _secret, ...env } = f.env;
    const pty = runInPty('$FBTOK login --no-browser', env);
    await pty.waitFor('App id:');
    pty.type(`${f.emu.appId}${KEY.enter}`);
    await pty.waitFor('App secret (hidden):');
    pty.type(`${f.emu.appSecret}${KEY.enter}`);
    await pty.waitFor('Permissions to ask for');
    pty.type(KEY.ctrlD);
    const r = await pty.result();
    expect(r.code, r.screen).toBe(130);
    expect(r.screen).toMatch(/^Nothing changed\. The app id and app secret you typed were not saved\.\r?$/m);
    expect(r.screen).not.toContain('error:');
    expect(r.screen).not.toContain(f.emu.appSecret);
    expect(existsSync(join(f.env.FBTOK_CONFIG_DIR, 'config.json'))).toBe(false);
    expect(storeBytes(f)).toBe('');
  }, SLOW);
});
