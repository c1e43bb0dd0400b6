// `fbtok rotate`: flag parsing apart from behaviour, and the login paths (--login, the offer on a terminal)
// with a fake login runner and prompter that fail when they are used wrongly or not at all.
import { afterEach, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { parseRotateFlags, runRotate } from '../../src/commands/rotate.js';
import { createContext } from '../../src/create-context.js';
import type { Context } from '../../src/context.js';
import type { IO } from '../../src/io/io.js';
import type { Prompter } from '../../src/io/prompt.js';
import { systemClock } from '../../src/io/clock.js';
import { debugToken } from '../../src/graph/debug-token.js';
import { recordFromInfo } from '../../src/tokens/token-record.js';
import { fingerprint } from '../../src/store/fingerprint.js';
import type { LoginRequest, LoginRunner } from '../../src/rotate/login-renewal.js';
import { CancelledError, NOTHING_CHANGED, UsageError } from '../../src/errors.js';
import { byName, DAY, seedUserAndPages, setUpRotation, type RotationFixture } from '../rotate/harness.js';

describe('rotate flags', () => {
  it('defaults: every token, within 10d, no dry run, no login', () => {
    expect(parseRotateFlags([], {})).toEqual({ names: [], withinMs: 10 * DAY, dryRun: false, force: false, login: false, device: false });
  });

  it.each([
    ['12h', 12 * 3_600_000],
    ['7d', 7 * DAY],
    ['2w', 14 * DAY],
  ])('--within %s', (within, ms) => {
    expect(parseRotateFlags(['user'], { within }).withinMs).toBe(ms);
  });

  it('names are kept in order without repeats', () => {
    expect(parseRotateFlags(['user', 'page:1', 'user'], {}).names).toEqual(['user', 'page:1']);
  });

  it.each([
    [{ within: 'soon' }, [], 'Invalid --within'],
    [{ device: true }, [], '--device goes with --login'],
    [{ login: true, dryRun: true }, [], '--login and --dry-run'],
    [{ force: true }, [], '--force applies to tokens named'],
  ])('rejects %o', (flags, names, message) => {
    const attempt = () => parseRotateFlags(names as string[], flags);
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(message);
  });
});

describe('rotate and login', () => {
  let f: RotationFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('--login without a terminal is exit 2 before anything is rotated', async () => {
    f = await setUpRotation({ extendLongLivedOnExchange: true });
    await seedUserAndPages(f, 3);
    const before = f.storeBytes();
    const r = await f.cli(['rotate', '--login']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('fbtok login');
    expect(f.emu.requests).toHaveLength(0);
    expect(f.storeBytes()).toBe(before);
  });

  it('--login on a terminal logs in for the user token an exchange cannot extend, then re-derives its Pages', async () => {
    f = await setUpRotation();
    await seedUserAndPages(f, 3);
    const t = terminal(f, { prompter: refusingPrompter() });
    const login = fakeLogin(f, t.ctx);
    const code = await runRotate({ ...parseRotateFlags([], { login: true, device: true }) }, t.ctx, login.run);
    expect(code, t.stderr()).toBe(0);
    expect(login.calls).toEqual([{ device: true }]);
    const lines = t.stdout();
    expect(lines).toMatch(/^user\s+rotated\s+59d 23h\s+renewed by a new login; now expires/m);
    expect(lines).toMatch(/^page:100000000000101\s+rotated\s+never\s+the user token it came from was replaced/m);
    const store = await t.ctx.store();
    const user = await store.getSecret('user');
    expect(user).toBe(login.tokens[0]);
    for (const r of (await store.list()).filter((x) => x.type === 'PAGE')) expect(r.derivedFrom).toBe(fingerprint(user!));
    await t.ctx.close();
  });

  it('on a terminal, offers a login; no is exit 130 with one plain line and nothing changed', async () => {
    f = await setUpRotation();
    const original = await seedUserAndPages(f, 3, { pages: false });
    const before = f.storeBytes();
    const asked: string[] = [];
    const t = terminal(f, { prompter: { ...refusingPrompter(), confirm: async (message) => (asked.push(message), false) } });
    const login = fakeLogin(f, t.ctx);
    await expect(runRotate(parseRotateFlags([], {}), t.ctx, login.run)).rejects.toMatchObject({ exitCode: 130, message: 'Nothing changed.' });
    expect(asked).toEqual(['Only a new login renews "user". Log in now?']);
    expect(login.calls).toEqual([]);
    expect(await (await t.ctx.store()).getSecret('user')).toBe(original);
    expect(f.storeBytes()).toBe(before);
    await t.ctx.close();
  });

  it('Ctrl-C or Ctrl-D at "Log in now?" (the prompter cancels) is the same: exit 130, no login', async () => {
    f = await setUpRotation();
    await seedUserAndPages(f, 3, { pages: false });
    const before = f.storeBytes();
    const t = terminal(f, { prompter: { ...refusingPrompter(), confirm: async () => Promise.reject(new CancelledError(NOTHING_CHANGED)) } });
    const login = fakeLogin(f, t.ctx);
    await expect(runRotate(parseRotateFlags([], {}), t.ctx, login.run)).rejects.toMatchObject({ exitCode: 130, message: 'Nothing changed.' });
    expect(login.calls).toEqual([]);
    expect(f.storeBytes()).toBe(before);
    await t.ctx.close();
  });

  it('yes to "Log in now?": the table, the summary and the counts hold what the pass before the login did too', async () => {
    f = await setUpRotation();
    await seedUserAndPages(f, 3);
    // A short-lived token of the same user: the first pass exchanges it, the pass after the login finds it not due.
    await f.importToken(f.emu.issueUserToken({ lifetime: 'short' }), 'work');
    const t = terminal(f, { prompter: { ...refusingPrompter(), confirm: async () => true } });
    const login = fakeLogin(f, t.ctx);
    expect(await runRotate(parseRotateFlags([], {}), t.ctx, login.run), t.stderr()).toBe(0);
    expect(login.calls).toEqual([{ device: false }]);
    const lines = t.stdout();
    expect(lines).toMatch(/^work\s+rotated\s+\S.*short-lived: .*exchanged; now expires/m);
    expect(lines).toMatch(/^user\s+rotated\s+.*renewed by a new login/m);
    expect(lines).toMatch(/^page:100000000000101\s+rotated\s+never\s+the user token it came from was replaced/m);
    expect(lines).not.toMatch(/skipped/);
    expect(t.stderr()).toContain('4 rotated, 0 skipped, 0 failed.');
    await t.ctx.close();
  });

  it('--login --json lists every action of the run, the first pass included', async () => {
    f = await setUpRotation();
    await seedUserAndPages(f, 3, { pages: false });
    await f.importToken(f.emu.issueUserToken({ lifetime: 'short' }), 'work');
    const t = terminal(f, { prompter: refusingPrompter(), json: true });
    expect(await runRotate(parseRotateFlags([], { login: true }), t.ctx, fakeLogin(f, t.ctx).run), t.stderr()).toBe(0);
    const out = byName(JSON.parse(t.stdout()));
    expect(out.work).toMatchObject({ action: 'rotated', reason: expect.stringContaining('exchanged') });
    expect(out.user).toMatchObject({ action: 'rotated', reason: expect.stringContaining('renewed by a new login') });
    await t.ctx.close();
  });

  it('--within as long as a token lives: with --login a usage error before anything is asked or sent', async () => {
    f = await setUpRotation();
    await seedUserAndPages(f, 3, { pages: false });
    const t = terminal(f, { prompter: refusingPrompter() });
    const login = fakeLogin(f, t.ctx);
    await expect(runRotate(parseRotateFlags([], { login: true, within: '70d' }), t.ctx, login.run)).rejects.toMatchObject({ exitCode: 2, code: 'WITHIN_TOO_LONG' });
    expect(login.calls).toEqual([]);
    expect(f.emu.requests).toHaveLength(0);
    await t.ctx.close();
  });

  it('--within as long as a token lives, on a terminal: warned before the run, and no login is offered that could not help', async () => {
    f = await setUpRotation();
    await seedUserAndPages(f, 30, { pages: false });
    const t = terminal(f, { prompter: refusingPrompter() });
    const login = fakeLogin(f, t.ctx);
    expect(await runRotate(parseRotateFlags([], { within: '60d' }), t.ctx, login.run)).toBe(8);
    expect(t.stderr()).toMatch(/^warning: --within 60d is as long as a token lives .*Use a shorter window/);
    expect(login.calls).toEqual([]);
    await t.ctx.close();
  });

  it('never asks in CI or with --json, even on a terminal', async () => {
    f = await setUpRotation();
    await seedUserAndPages(f, 3, { pages: false });
    for (const [env, json] of [[{ CI: 'true' }, false], [{}, true]] as const) {
      const t = terminal(f, { prompter: refusingPrompter(), env, json });
      expect(await runRotate(parseRotateFlags([], {}), t.ctx, fakeLogin(f, t.ctx).run)).toBe(8);
      await t.ctx.close();
    }
  });
});

interface Terminal {
  ctx: Context;
  stdout(): string;
  stderr(): string;
}

/** A Context as on a terminal (both ends TTY), with the emulator's app and this fixture's store. */
function terminal(f: RotationFixture, opts: { prompter: Prompter; env?: Record<string, string>; json?: boolean }): Terminal {
  let out = '';
  let err = '';
  const plain = (s: string) => s;
  const io: IO = {
    stdin: new PassThrough(),
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    stdinIsTTY: true,
    stdoutIsTTY: true,
    stderrIsTTY: true,
    color: false,
    style: { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain },
    out: (line) => void (out += `${line}\n`),
    err: (line) => void (err += `${line}\n`),
    warn: (line) => void (err += `warning: ${line}\n`),
    readStdin: async () => '',
  };
  const env = { ...f.env, HOME: process.env.HOME, ...opts.env };
  const globals = { profile: 'default', json: opts.json ?? false, verbose: false, timeoutMs: 10_000, maxWaitMs: 0, color: false };
  const base = createContext({ version: 'test', env, io, clock: systemClock, globals });
  const ctx: Context = Object.assign(Object.create(base) as Context, { prompter: () => opts.prompter });
  return { ctx, stdout: () => out, stderr: () => err };
}

/** Every method fails the test: a prompt that must not be shown. */
function refusingPrompter(): Prompter {
  const refuse = async (message: string): Promise<never> => {
    throw new Error(`unexpected prompt: ${message}`);
  };
  return { input: refuse, password: refuse, confirm: refuse, checkbox: refuse };
}

/** Stands in for `fbtok login`: a fresh ~60-day token from the emulator, stored as "user" the way login does. */
function fakeLogin(f: RotationFixture, ctx: Context): { run: LoginRunner; calls: LoginRequest[]; tokens: string[] } {
  const calls: LoginRequest[] = [];
  const tokens: string[] = [];
  const run: LoginRunner = async (request) => {
    calls.push(request);
    const token = f.emu.issueUserToken({ lifetime: 'long' });
    tokens.push(token);
    const info = await debugToken(await ctx.graph(), { appToken: `${f.emu.appId}|${f.emu.appSecret}`, inputToken: token });
    const record = recordFromInfo({ name: 'user', token, info, obtainedVia: 'login', obtainedAtMs: Date.now() });
    await (await ctx.store()).put([{ record, secret: token }], { command: 'login' });
    return 0;
  };
  return { run, calls, tokens };
}
