import { afterEach, describe, expect, it } from 'vitest';
import { parseExchangeFlags } from '../../src/commands/exchange-long-lived.js';
import { subjectNameFor } from '../../src/tokens/token-record.js';
import { expectNoSecrets, setUp, type Fixture } from './token-fixture.js';

const DAY = 86_400_000;

describe('exchange-long-lived', () => {
  let f: Fixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('exchanges the stored short-lived user token and stores the ~60-day one confirmed by debug_token', async () => {
    f = await setUp();
    const short = f.emu.issueUserToken({ lifetime: 'short' });
    await f.importToken(short);
    f.emu.resetRequests();
    const r = await f.cli(['exchange-long-lived', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const record = JSON.parse(r.stdout);
    expect(record).toMatchObject({ name: 'user', type: 'USER', obtainedVia: 'exchange', longLived: true });
    expect(Date.parse(record.expiresAt) - Date.now()).toBeGreaterThan(59 * DAY);
    expect(record.previous).toBeDefined();
    expect(f.emu.requestCount('/oauth/access_token')).toBe(1);
    expect(f.emu.requestCount('/debug_token')).toBe(2);
    expect(r.stderr).toMatch(/Stored a long-lived user token as "user"; it expires .*\(59d 23h left\)/);
    expectNoSecrets(r, [short, f.emu.appSecret]);
    const stored = await f.cli(['token', 'get', 'user']);
    const view = await f.json(['debug-token', '--token-stdin'], { input: stored.stdout.trim() });
    expect(view.expiresAt).toBe(record.expiresAt.replace(/\.\d+Z$/, '.000Z'));
  });

  it('--token-stdin with --save stores under another name', async () => {
    f = await setUp();
    const short = f.emu.issueUserToken({ lifetime: 'short' });
    const record = await f.json(['exchange-long-lived', '--token-stdin', '--save', 'work'], { input: short });
    expect(record.name).toBe('work');
    expect((await f.json<Array<{ name: string }>>(['token', 'list'])).map((x) => x.name)).toEqual(['work']);
  });

  it('an already long-lived token is said to be so and is not exchanged again', async () => {
    f = await setUp();
    const long = f.emu.issueUserToken({ lifetime: 'long' });
    await f.importToken(long);
    f.emu.resetRequests();
    const r = await f.cli(['exchange-long-lived']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/already long-lived.*59d/);
    expect(r.stderr).toContain('fbtok login');
    expect(f.emu.requestCount('/oauth/access_token')).toBe(0);
  });

  it('an expired token is exit 3 with the remedy to log in again; nothing is stored', async () => {
    f = await setUp();
    const short = f.emu.issueUserToken({ lifetime: 'short' });
    f.emu.expireToken(short);
    const r = await f.cli(['exchange-long-lived', '--token-stdin'], { input: short });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/not valid.*\[code 190\/463\]/);
    expect(r.stderr).toContain('fbtok login');
    expect(f.emu.requestCount('/oauth/access_token')).toBe(0);
    expect(await f.json(['token', 'list'])).toEqual([]);
  });

  it('FBTOK_ACCESS_TOKEN is taken as input; a Page token is refused with exit 2', async () => {
    f = await setUp();
    const short = f.emu.issueUserToken({ lifetime: 'short' });
    const viaEnv = await f.json(['exchange-long-lived'], { env: { FBTOK_ACCESS_TOKEN: short } });
    expect(viaEnv.obtainedVia).toBe('exchange');
    const page = f.emu.pageTokenFor(short, f.emu.pages[0].id);
    const r = await f.cli(['exchange-long-lived', '--token-stdin'], { input: page });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('fbtok page-tokens');
  });

  it('with no stored token: exit 2 telling to log in', async () => {
    f = await setUp();
    const r = await f.cli(['exchange-long-lived']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Run `fbtok login` first; `fbtok token list` shows the stored names.');
  });

  it('--save over a token of another type needs --force without a terminal (exit 2); the Page token stays until then', async () => {
    f = await setUp({ pages: 1 });
    const long = f.emu.issueUserToken({ lifetime: 'long' });
    const pageName = `page:${f.emu.pages[0].id}`;
    await f.importToken(long);
    expect((await f.cli(['page-tokens'])).code).toBe(0);
    const pageToken = (await f.cli(['token', 'get', pageName])).stdout.trim();
    const short = f.emu.issueUserToken({ lifetime: 'short' });
    f.emu.resetRequests();
    const refused = await f.cli(['exchange-long-lived', '--token-stdin', '--save', pageName], { input: short });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(new RegExp(`^error: Confirmation to replace "${pageName}", which holds a PAGE token \\(Emulated Page 1, ${f.emu.pages[0].id}\\),`, 'm'));
    expect(refused.stderr).toMatch(/Pass --force to replace .* or --save to store it under another name/);
    expect(f.emu.requestCount('/oauth/access_token')).toBe(0);
    expect((await f.cli(['token', 'get', pageName])).stdout.trim()).toBe(pageToken);
    // The same type and user under the name is an ordinary renewal: no question.
    expect((await f.cli(['exchange-long-lived', '--token-stdin', '--save', 'user'], { input: short })).code).toBe(0);

    const forced = await f.json(['exchange-long-lived', '--token-stdin', '--save', pageName, '--force'], { input: short });
    expect(forced).toMatchObject({ name: pageName, type: 'USER', subjectName: null });
    expect(forced.subjectId).not.toBe(f.emu.pages[0].id);
  });

  it('an invalid --save name is exit 2 before anything is read', async () => {
    f = await setUp();
    const r = await f.cli(['exchange-long-lived', '--token-stdin', '--save', 'bad name'], { input: f.emu.issueUserToken({ lifetime: 'short' }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: Invalid token name "bad name" for --save/m);
    expect(f.emu.requests).toHaveLength(0);
  });

  it('parses flags apart from running', () => {
    expect(parseExchangeFlags({})).toEqual({ tokenStdin: false, from: undefined, save: 'user', force: false });
    expect(parseExchangeFlags({ from: 'a', save: 'b', force: true })).toEqual({ tokenStdin: false, from: 'a', save: 'b', force: true });
    expect(parseExchangeFlags({ from: 'work' }).save).toBe('work');
    expect(() => parseExchangeFlags({ from: 'a', tokenStdin: true })).toThrow(/not both/);
    expect(() => parseExchangeFlags({ save: '../x' })).toThrow(/Invalid token name/);
    // A --from name is already stored: any name the store took is accepted, and saved under again.
    expect(parseExchangeFlags({ from: 'bot@acme' }).save).toBe('bot@acme');
    expect(parseExchangeFlags({ save: 'bot@acme' }).save).toBe('bot@acme');
  });

  it('a stored subject name is kept only for the same subject', () => {
    const known = { subjectId: '42', subjectName: 'Ada' };
    expect(subjectNameFor({ type: 'USER', userId: '42', profileId: null }, undefined, known)).toBe('Ada');
    expect(subjectNameFor({ type: 'USER', userId: '43', profileId: null }, known)).toBeNull();
    expect(subjectNameFor({ type: 'PAGE', userId: '42', profileId: '7' }, known)).toBeNull();
    expect(subjectNameFor({ type: 'USER', userId: null, profileId: null }, known)).toBeNull();
  });
});
