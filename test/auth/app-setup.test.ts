import { afterEach, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { createContext } from '../../src/create-context.js';
import { createIO } from '../../src/io/io.js';
import { systemClock } from '../../src/io/clock.js';
import type { Context } from '../../src/context.js';
import type { Choice, Prompter } from '../../src/io/prompt.js';
import { readConfigFile } from '../../src/config/config-file.js';
import { ensureAppSetup, MESSENGER_PRESET } from '../../src/auth/app-setup.js';
import { CancelledError, ExitCode, FbtokError, NOTHING_CHANGED } from '../../src/errors.js';
import { tempConfigDir } from '../helpers/run-cli.js';

type Answer = { method: keyof Prompter; value: unknown; check?: (message: string, extra?: unknown) => void };

/** A prompter that answers in order and fails on any unexpected question; `done()` fails if answers are left. */
function scriptedPrompter(answers: Answer[]): Prompter & { done(): void } {
  const queue = [...answers];
  const next = (method: keyof Prompter, message: string, extra?: unknown) => {
    const answer = queue.shift();
    if (!answer || answer.method !== method) throw new Error(`unexpected ${method}("${message}")`);
    answer.check?.(message, extra);
    return Promise.resolve(answer.value);
  };
  return {
    input: (m) => next('input', m) as Promise<string>,
    password: (m) => next('password', m) as Promise<string>,
    confirm: (m) => next('confirm', m) as Promise<boolean>,
    checkbox: (m, choices: Choice[]) => next('checkbox', m, choices) as Promise<string[]>,
    done: () => expect(queue, 'unused prompter answers').toEqual([]),
  };
}

let dirs: Array<{ remove(): void }> = [];
afterEach(() => {
  for (const d of dirs) d.remove();
  dirs = [];
});

async function context(opts: { tty: boolean; env?: Record<string, string>; prompter?: Prompter }): Promise<{ ctx: Context; stderr: () => string }> {
  const dir = tempConfigDir();
  dirs.push(dir);
  const tty = (s: PassThrough) => Object.assign(s, { isTTY: opts.tty });
  const stderr = tty(new PassThrough());
  let text = '';
  stderr.on('data', (d) => (text += d));
  const env = { FBTOK_CONFIG_DIR: dir.dir, FBTOK_STORE: 'file', ...opts.env };
  const io = await createIO({ stdin: tty(new PassThrough()), stdout: tty(new PassThrough()), stderr, env, noColor: true });
  const base = createContext({
    version: 'test',
    env,
    io,
    clock: systemClock,
    globals: { profile: 'default', json: false, verbose: false, timeoutMs: 5000, maxWaitMs: 0, color: false },
  });
  const ctx: Context = opts.prompter ? { ...base, prompter: () => opts.prompter! } : base;
  return { ctx, stderr: () => text };
}

describe('app setup for login', () => {
  it('uses what the environment gives without asking', async () => {
    const prompter = scriptedPrompter([]);
    const { ctx } = await context({ tty: true, prompter, env: { FBTOK_APP_ID: '123', FBTOK_APP_SECRET: 'env-secret-value' } });
    expect(await ensureAppSetup(ctx, { scopes: ['a', 'b'] })).toEqual({ appId: '123', appSecret: 'env-secret-value', scopes: ['a', 'b'] });
    prompter.done();
  });

  it('without a TTY fails with exit 2 naming the variables', async () => {
    const { ctx } = await context({ tty: false, env: { FBTOK_APP_SECRET: 'env-secret-value' } });
    const error = await ensureAppSetup(ctx, {}).catch((e) => e);
    expect(error).toBeInstanceOf(FbtokError);
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.remedy).toContain('FBTOK_APP_ID');
    expect(error.remedy).not.toContain('FBTOK_APP_SECRET');
  });

  it('on a TTY asks for id, secret (masked) and scopes with the Messenger preset, and saves them when accepted', async () => {
    const prompter = scriptedPrompter([
      { method: 'input', value: ' 987654321 ' },
      { method: 'password', value: 'prompted-secret-1234' },
      {
        method: 'checkbox',
        value: [...MESSENGER_PRESET, 'public_profile'],
        check: (_m, choices) => {
          const checked = (choices as Choice[]).filter((c) => c.checked).map((c) => c.value);
          expect(checked).toEqual(expect.arrayContaining(MESSENGER_PRESET));
        },
      },
      { method: 'confirm', value: true },
    ]);
    const { ctx, stderr } = await context({ tty: true, prompter });
    const setup = await ensureAppSetup(ctx, {});
    prompter.done();
    expect(setup).toEqual({ appId: '987654321', appSecret: 'prompted-secret-1234', scopes: [...MESSENGER_PRESET, 'public_profile'] });
    const file = await readConfigFile(ctx.paths.configDir);
    expect(file.profiles.default).toMatchObject({ appId: '987654321', scopes: [...MESSENGER_PRESET, 'public_profile'] });
    expect(JSON.stringify(file)).not.toContain('prompted-secret');
    expect(await (await ctx.store()).getAppSecret('app-secret')).toBe('prompted-secret-1234');
    expect(stderr()).not.toContain('prompted-secret');
    await ctx.close();
  });

  it('skips the scope question with --scopes and saves nothing when declined', async () => {
    const prompter = scriptedPrompter([
      { method: 'input', value: '55' },
      { method: 'password', value: 'prompted-secret-5678' },
      { method: 'confirm', value: false },
    ]);
    const { ctx } = await context({ tty: true, prompter });
    expect((await ensureAppSetup(ctx, { scopes: ['pages_show_list'] })).scopes).toEqual(['pages_show_list']);
    prompter.done();
    expect((await readConfigFile(ctx.paths.configDir)).profiles).toEqual({});
    // Not saved, yet used for the rest of this run (appsecret_proof, --pages).
    expect((await ctx.config()).appId).toBe('55');
    expect(await ctx.appSecret()).toBe('prompted-secret-5678');
    await ctx.close();
  });

  it('Ctrl-C or Ctrl-D at a later question: exit 130 saying plainly that what was typed was not saved', async () => {
    const cancel = () => Promise.reject(new CancelledError(NOTHING_CHANGED));
    const prompter: Prompter = {
      input: async () => '987654321',
      password: async () => 'prompted-secret-4321',
      checkbox: cancel,
      confirm: cancel,
    };
    const { ctx, stderr } = await context({ tty: true, prompter });
    const error = await ensureAppSetup(ctx, {}).catch((e) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect(error.exitCode).toBe(ExitCode.interrupted);
    expect(error.message).toBe('Nothing changed. The app id and app secret you typed were not saved.');
    expect((await readConfigFile(ctx.paths.configDir)).profiles).toEqual({});
    expect(await (await ctx.store()).getAppSecret('app-secret')).toBeUndefined();
    expect(stderr()).not.toContain('prompted-secret');
    await ctx.close();
  });

  it('a cancel at the first question is just "Nothing changed."', async () => {
    const prompter: Prompter = { ...scriptedPrompter([]), input: () => Promise.reject(new CancelledError(NOTHING_CHANGED)) };
    const { ctx } = await context({ tty: true, prompter, env: { FBTOK_APP_SECRET: 'env-secret-value' } });
    await expect(ensureAppSetup(ctx, {})).rejects.toMatchObject({ exitCode: ExitCode.interrupted, message: 'Nothing changed.' });
    await ctx.close();
  });

  it('refuses an app id that is not a number', async () => {
    const prompter = scriptedPrompter([{ method: 'input', value: 'my-app' }]);
    const { ctx } = await context({ tty: true, prompter, env: { FBTOK_APP_SECRET: 'env-secret-value' } });
    await expect(ensureAppSetup(ctx, {})).rejects.toMatchObject({ code: 'INVALID_APP_ID', exitCode: 2 });
    prompter.done();
  });
});
